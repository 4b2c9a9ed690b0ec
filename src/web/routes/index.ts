import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.js'
import accountRoutes from './account/account.routes.js'
import adminRoutes from './admin/admin.routes.js'
import auditRoutes from './audit/audit.routes.js'
import contractDownloadRoutes from './contracts/downloads.routes.js'
import contractImportRoutes from './contracts/imports.routes.js'
import contractManageRoutes from './contracts/manage.routes.js'
import contractPublicRoutes from './contracts/public.routes.js'
import contractRegisterRoutes from './contracts/register.routes.js'
import pipelineRoutes from './pipeline/pipeline.routes.js'
import authRoutes from './auth/auth.routes.js'
import homeRoutes from './home/home.routes.js'
import lm3Routes from './lm3/lm3.routes.js'
import peopleRoutes from './people/people.routes.js'
import publicRoutes from './public/public.routes.js'
import spendDashboardRoutes from './spend/dashboard.routes.js'
import spendImportRoutes from './spend/imports.routes.js'
import supplierReviewRoutes from './suppliers/review.routes.js'
import supplierRoutes from './suppliers/suppliers.routes.js'
import socialValueDashboardRoutes from './social-value/dashboard.routes.js'
import socialValueEthicsRoutes from './social-value/ethics.routes.js'
import socialValueReturnsRoutes from './social-value/returns.routes.js'

export type RouteOptions = { signInRateLimit: number }

export async function registerRoutes(app: FastifyInstance, services: Services, options: RouteOptions): Promise<void> {
  publicRoutes(app, services)
  authRoutes(app, services, options)
  accountRoutes(app, services)
  homeRoutes(app, services)
  peopleRoutes(app, services)
  auditRoutes(app, services)
  adminRoutes(app, services)
  spendImportRoutes(app, services)
  spendDashboardRoutes(app, services)
  supplierReviewRoutes(app, services)
  supplierRoutes(app, services)
  lm3Routes(app, services)
  contractManageRoutes(app, services)
  contractPublicRoutes(app, services)
  contractRegisterRoutes(app, services)
  contractImportRoutes(app, services)
  contractDownloadRoutes(app, services)
  pipelineRoutes(app, services)
  socialValueReturnsRoutes(app, services)
  socialValueDashboardRoutes(app, services)
  socialValueEthicsRoutes(app, services)
}
