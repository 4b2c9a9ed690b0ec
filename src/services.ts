// Composition root: builds every service once, for the web app and the command line alike.
import type { Db } from './db/database.js'
import type { Geography } from './domain/geography/geography.js'
import { createAuditService } from './services/audit.service.js'
import { createAuthService } from './services/auth.service.js'
import { createContractImportService } from './services/contract-import.service.js'
import { createContractRegisterService } from './services/contract-register.service.js'
import { createContractExportService, type ContractExportSettings } from './services/contract-export.service.js'
import { createContractReminderService } from './services/contract-reminder.service.js'
import { createContractService } from './services/contract.service.js'
import type { ServiceDeps } from './services/deps.js'
import { createMailService } from './services/mail.service.js'
import { createOrganisationService } from './services/organisation.service.js'
import { createPipelineService } from './services/pipeline.service.js'
import { createReferenceService } from './services/reference.service.js'
import { createSessionService } from './services/session.service.js'
import { createJobService } from './services/job.service.js'
import { createLm3Service } from './services/lm3.service.js'
import { createSpendImportService } from './services/spend-import.service.js'
import { createSpendReportService } from './services/spend-report.service.js'
import { createSupplierRegistryService } from './services/supplier-registry.service.js'
import { createSupplierResolutionService } from './services/supplier-resolution.service.js'
import { createSupplierReviewService } from './services/supplier-review.service.js'
import { createSvEthicsService } from './services/sv-ethics.service.js'
import { createSvFrameworkService } from './services/sv-framework.service.js'
import { createSvImportService } from './services/sv-import.service.js'
import { createSvReminderService } from './services/sv-reminder.service.js'
import { createSvReportService } from './services/sv-report.service.js'
import { createSvReturnsService } from './services/sv-returns.service.js'
import { createSvTargetsService } from './services/sv-targets.service.js'
import { createSystemService } from './services/system.service.js'
import { createUserService } from './services/user.service.js'
import { systemClock, type Clock } from './services/support/clock.js'
import { createSmtpMailer, outboxOnlyMailer, type Mailer } from './services/support/mailer.js'
import { createArgon2Hasher, type PasswordHasher } from './services/support/password-hasher.js'

export type ServiceOptions = {
  db: Db
  geography: Geography
  publicUrl: string
  smtpUrl?: string
  mailFrom?: string
  clock?: Clock
  hasher?: PasswordHasher
  mailer?: Mailer
  /** OCDS export settings (CWB_OCID_PREFIX, CWB_OCDS_PUBLICATION_POLICY). */
  ocds?: Partial<ContractExportSettings>
}

export function createServices(options: ServiceOptions) {
  const deps: ServiceDeps = {
    db: options.db,
    geography: options.geography,
    publicUrl: options.publicUrl,
    clock: options.clock ?? systemClock,
    hasher: options.hasher ?? createArgon2Hasher(),
    mailer:
      options.mailer ??
      (options.smtpUrl
        ? createSmtpMailer(options.smtpUrl, options.mailFrom ?? 'cwb <no-reply@cwb.localhost>')
        : outboxOnlyMailer),
  }
  const mail = createMailService(deps)
  const supplierResolution = createSupplierResolutionService(deps)
  const spendImport = createSpendImportService(deps, supplierResolution.resolvePayees)
  return {
    deps,
    mail,
    audit: createAuditService(deps),
    auth: createAuthService(deps, mail),
    users: createUserService(deps, mail),
    organisations: createOrganisationService(deps),
    sessions: createSessionService(deps),
    spendReport: createSpendReportService(deps),
    lm3: createLm3Service(deps),
    spendImport,
    jobs: createJobService(deps, spendImport),
    system: createSystemService(deps),
    reference: createReferenceService(deps),
    supplierResolution,
    supplierReview: createSupplierReviewService(deps),
    suppliers: createSupplierRegistryService(deps),
    contractRegister: createContractRegisterService(deps),
    contractExport: createContractExportService(deps, options.ocds),
    contracts: createContractService(deps),
    contractReminders: createContractReminderService(deps, mail),
    contractImport: createContractImportService(deps, supplierResolution.resolvePayees),
    svFrameworks: createSvFrameworkService(deps),
    svImport: createSvImportService(deps),
    svReturns: createSvReturnsService(deps),
    svReport: createSvReportService(deps),
    svReminders: createSvReminderService(deps, mail),
    svEthics: createSvEthicsService(deps),
    svTargets: createSvTargetsService(deps),
    pipeline: createPipelineService(deps),
  }
}

export type Services = ReturnType<typeof createServices>
