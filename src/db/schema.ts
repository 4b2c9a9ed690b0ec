// Table types for Kysely. Change them in the same commit as the migration that changes the table.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type Json<T> = ColumnType<T, string, string>
/** numeric columns come back as decimal strings: money never passes through floating point. */
type Decimal = ColumnType<string, string, string>
/** date columns come back as 'YYYY-MM-DD' strings (type parsers are set in database.ts). */
type DateString = ColumnType<string, string, string>

export interface AreaTable {
  gss_code: string
  name: string
  kind: 'district' | 'region' | 'nation'
  district_type: string | null
  region_code: string | null
  region_name: string | null
  nation: string
}

export interface AreaNeighbourTable {
  gss_code: string
  neighbour_code: string
}

export interface OrganisationTable {
  id: string
  name: string
  type: string
  region_code: string
  /** The organisation's identifier in org-id.guide form, e.g. GB-LAE-ISL; used in OCDS exports. */
  org_identifier: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface OrganisationAreaTable {
  organisation_id: string
  gss_code: string
  relation: 'home' | 'neighbour'
}

export interface NetworkTable {
  id: string
  name: string
  description: Generated<string>
  created_at: Generated<Date>
}

export interface NetworkMemberTable {
  network_id: string
  organisation_id: string
  joined_at: Generated<Date>
}

export interface AppUserTable {
  id: Generated<string>
  email: string
  name: string
  password_hash: string | null
  is_admin: Generated<boolean>
  failed_sign_ins: Generated<number>
  locked_until: NullableTimestamp
  disabled_at: NullableTimestamp
  last_sign_in_at: NullableTimestamp
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface SupplierTable {
  id: Generated<string>
  name: string
  normalised_name: string
  company_number: string | null
  charity_number: string | null
  mutuals_number: string | null
  postcode: string | null
  district_code: string | null
  trading_postcode: string | null
  trading_district_code: string | null
  overseas: Generated<boolean>
  employees: number | null
  turnover: ColumnType<string | null, string | null | undefined, string | null>
  legal_form: string | null
  is_charity: Generated<boolean>
  is_cic: Generated<boolean>
  is_social_enterprise: Generated<boolean>
  is_coop: Generated<boolean>
  is_employee_owned: Generated<boolean>
  is_public_body: Generated<boolean>
  is_individual: Generated<boolean>
  living_wage_accredited: Generated<boolean>
  category: string | null
  verified: Generated<boolean>
  source: Generated<string>
  employees_year: number | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface MembershipTable {
  id: Generated<string>
  user_id: string
  role: string
  organisation_id: string | null
  supplier_id: string | null
  created_at: Generated<Date>
}

export interface SessionTable {
  sid: string
  user_id: string | null
  data: Json<Record<string, unknown>>
  expires_at: Timestamp
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface PasswordTokenTable {
  token_hash: string
  user_id: string
  purpose: 'reset' | 'set'
  expires_at: Timestamp
  used_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface OutboxEmailTable {
  id: Generated<string>
  to_address: string
  subject: string
  text_body: string
  status: 'sent' | 'outbox' | 'failed'
  transport: string
  error: string | null
  created_at: Generated<Date>
  sent_at: NullableTimestamp
}

export interface AuditEventTable {
  id: Generated<number>
  occurred_at: Generated<Date>
  actor_user_id: string | null
  actor_label: string
  organisation_id: string | null
  action: string
  entity_type: string
  entity_id: string
  before: Json<unknown> | null
  after: Json<unknown> | null
  ip: string | null
  user_agent: string | null
}

export interface JobTable {
  id: Generated<string>
  kind: string
  organisation_id: string | null
  payload: Json<Record<string, unknown>>
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed'>
  progress: Json<Record<string, unknown>>
  result: Json<unknown> | null
  error: string | null
  created_by: string | null
  created_at: Generated<Date>
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  heartbeat_at: NullableTimestamp
}

export interface AppSettingTable {
  key: string
  value: Json<unknown>
  updated_at: Generated<Date>
}

export interface PaymentTable {
  id: Generated<number>
  organisation_id: string
  supplier_id: string | null
  payee_name: string
  is_redacted: Generated<boolean>
  payment_date: DateString
  amount: Decimal
  transaction_ref: string | null
  department: string | null
  expense_type: string | null
  category: string | null
  fingerprint: string
  import_id: string | null
  payee_kind: Generated<'organisation' | 'individual' | 'redacted'>
  description: string | null
  capital_or_revenue: string | null
  repaired: string | null
  created_at: Generated<Date>
}

// Monthly payment totals kept by triggers on payment (migration 2026-11-22T04-00-00_spend-aggregates).
export interface SpendMonthSupplierTable {
  organisation_id: string
  month: DateString
  supplier_id: string | null
  payee_kind: string
  payments: ColumnType<string, string | number, string | number>
  amount: Decimal
}

export interface SpendMonthCategoryTable {
  organisation_id: string
  month: DateString
  supplier_id: string
  category: string | null
  payments: ColumnType<string, string | number, string | number>
  amount: Decimal
}

export interface SpendMonthLabelTable {
  organisation_id: string
  month: DateString
  dimension: 'department' | 'expense_type'
  label: string
  payments: ColumnType<string, string | number, string | number>
  amount: Decimal
}

export interface RefPostcodeTable {
  postcode: string
  district_code: string
  source: string
}

export interface RefCompanyTable {
  company_number: string
  name: string
  normalised_name: string
  postcode: string | null
  category: string | null
  status: string | null
  sic_codes: Generated<string[]>
  incorporated_on: DateString | null
}

export interface RefCharityTable {
  charity_number: string
  name: string
  normalised_name: string
  postcode: string | null
  status: string | null
  income: ColumnType<string | null, string | null | undefined, string | null>
  company_number: string | null
}

export interface RefCoopTable {
  id: string
  name: string
  normalised_name: string
  postcode: string | null
  company_number: string | null
  mutuals_number: string | null
  legal_form: string | null
  ownership: string | null
  sector: string | null
}

export interface SupplierAliasTable {
  id: Generated<string>
  supplier_id: string
  organisation_id: string | null
  alias: string
  normalised_alias: string
  source: 'ledger' | 'register' | 'officer' | 'vendor-master'
  created_at: Generated<Date>
}

export interface SupplierMatchTable {
  id: Generated<string>
  organisation_id: string
  normalised_name: string
  payee_name: string
  status: Generated<'pending' | 'accepted' | 'rejected'>
  supplier_id: string | null
  score: ColumnType<string | null, string | null | undefined, string | null>
  method: string
  candidates: Json<unknown[]>
  payments: Generated<number>
  amount: ColumnType<string, string | undefined, string>
  decided_by: string | null
  decided_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface ColumnMappingTable {
  organisation_id: string
  layout_signature: string
  headers: string[]
  mapping: Json<Record<string, number>>
  confirmed_by: string | null
  updated_at: Generated<Date>
}

export interface SpendImportTable {
  id: Generated<string>
  organisation_id: string
  file_name: string
  file_sha256: string
  status: Generated<'running' | 'succeeded' | 'failed'>
  rows_read: Generated<number>
  accepted: Generated<number>
  rejected: Generated<number>
  duplicates: Generated<number>
  amount: ColumnType<string, string | undefined, string>
  date_from: DateString | null
  date_to: DateString | null
  mapping: Json<Record<string, number>> | null
  error: string | null
  job_id: string | null
  created_by: string | null
  created_at: Generated<Date>
  finished_at: NullableTimestamp
}

export interface SpendImportRejectionTable {
  import_id: string
  row_number: number
  sheet: string | null
  reason: string
  raw: Json<unknown> | null
}

export interface Lm3ResponseTable {
  id: Generated<string>
  organisation_id: string
  supplier_id: string
  period_start: DateString
  period_end: DateString
  local_supplier_share: Decimal
  staff_cost_share: Decimal
  local_staff_share: Decimal
  submitted_by: string | null
  created_at: Generated<Date>
}

export interface UploadTable {
  id: Generated<string>
  organisation_id: string
  file_name: string
  size_bytes: number
  content: Uint8Array
  created_by: string | null
  created_at: Generated<Date>
}

type NullableDecimal = ColumnType<string | null, string | null | undefined, string | null>
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>
/** tsvector columns are written with to_tsvector(...) and never read back. */
type SearchVector = ColumnType<never, unknown, unknown>

export type ProcurementRouteValue =
  'quotation' | 'open' | 'restricted' | 'competitive' | 'framework' | 'direct' | 'other'

export interface ContractTable {
  id: Generated<string>
  organisation_id: string
  reference: string
  title: string
  description: string | null
  department: string | null
  owner_user_id: string | null
  owner_name: string | null
  owner_email: string | null
  total_value: NullableDecimal
  annual_value: NullableDecimal
  irrecoverable_vat: NullableDecimal
  start_date: NullableDate
  end_date: NullableDate
  review_date: NullableDate
  extension_options: string | null
  max_end_date: NullableDate
  procurement_route: ProcurementRouteValue | null
  direct_award_reason: string | null
  framework_name: string | null
  cpv_codes: Generated<string[]>
  category: string | null
  status: Generated<'active' | 'terminated' | 'cancelled'>
  ocid: string | null
  confidential_fields: Generated<string[]>
  notes: string | null
  source: Generated<string>
  import_id: string | null
  fingerprint: string | null
  search_all: SearchVector
  search_public: SearchVector
  /** Whether any supplier is an SME / a VCSE (kept with the search vectors). */
  any_sme: Generated<boolean>
  any_vcse: Generated<boolean>
  version: Generated<number>
  created_by: string | null
  updated_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ContractSupplierTable {
  contract_id: string
  position: number
  supplier_id: string | null
  name: string
  company_number: string | null
  charity_number: string | null
  other_registration: string | null
  postcode: string | null
  is_sme: boolean | null
  is_vcse: boolean | null
}

export interface ContractLotTable {
  contract_id: string
  position: number
  lot_number: string
  title: string
  description: string | null
  value: NullableDecimal
}

export interface ContractVariationTable {
  id: Generated<string>
  contract_id: string
  kind: 'variation' | 'extension' | 'termination'
  varied_on: DateString
  reason: string
  value_change: ColumnType<string, string | undefined, string>
  previous_total_value: NullableDecimal
  new_total_value: NullableDecimal
  previous_end_date: NullableDate
  new_end_date: NullableDate
  previous_review_date: NullableDate
  new_review_date: NullableDate
  approved_by: string | null
  recorded_by: string | null
  created_at: Generated<Date>
}

export interface ContractReminderTable {
  contract_id: string
  kind: 'end' | 'review'
  due_date: DateString
  lead_months: number
  sent_to: string
  sent_at: Generated<Date>
}

export interface ContractSettingsTable {
  organisation_id: string
  reminder_months: Generated<number[]>
  due_soon_months: Generated<number>
  updated_at: Generated<Date>
}

export interface ContractImportTable {
  id: Generated<string>
  organisation_id: string
  file_name: string
  file_sha256: string
  format: string
  status: Generated<'running' | 'succeeded' | 'failed'>
  rows_read: Generated<number>
  created: Generated<number>
  updated: Generated<number>
  unchanged: Generated<number>
  rejected: Generated<number>
  skipped: Generated<number>
  left_out: Generated<number>
  outcome: ColumnType<unknown, string | undefined, string>
  error: string | null
  created_by: string | null
  created_at: Generated<Date>
  finished_at: NullableTimestamp
}

export interface ContractImportRejectionTable {
  import_id: string
  row_number: number
  reason: string
  raw: Json<unknown> | null
}

export interface ProcurementPlanTable {
  id: Generated<string>
  organisation_id: string
  reference: string
  title: string
  description: string | null
  department: string | null
  cpv_codes: Generated<string[]>
  category: string | null
  estimated_value: NullableDecimal
  expected_advert_date: DateString
  expected_start_date: NullableDate
  procurement_route: ProcurementRouteValue | null
  lots: string | null
  suitable_for_sme: Generated<boolean>
  suitable_for_vcse: Generated<boolean>
  contact_name: string | null
  contact_email: string | null
  status: Generated<'planned' | 'advertised' | 'awarded' | 'cancelled'>
  created_by: string | null
  updated_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

// Social value (migration 2026-11-22T05-00-00_social-value).
export interface SvFrameworkTable {
  id: string
  name: string
  description: Generated<string>
  owner_organisation_id: string | null
  licence: Generated<string>
  shipped: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface SvOutcomeTable {
  framework_id: string
  code: string
  theme: 'economic' | 'social' | 'environmental'
  name: string
  position: Generated<number>
}

export interface SvMeasureTable {
  id: Generated<string>
  framework_id: string
  code: string
  outcome_code: string
  name: string
  unit: string
  description: Generated<string>
  evidence: Generated<string>
  position: Generated<number>
}

export interface SvProxyValueTable {
  measure_id: string
  valid_from: DateString
  value: Decimal
  source: string
  source_year: Generated<string>
  reference: Generated<string>
  is_assumption: Generated<boolean>
  note: Generated<string>
  created_at: Generated<Date>
}

export interface SvSettingsTable {
  organisation_id: string
  framework_id: string | null
  due_days: Generated<number>
  reminder_days_before: Generated<number>
  green_percent: Generated<number>
  amber_percent: Generated<number>
  updated_at: Generated<Date>
}

export interface SvImportTable {
  id: Generated<string>
  organisation_id: string
  kind: 'commitments' | 'returns'
  file_name: string
  file_sha256: string
  rows_read: number
  created: number
  updated: number
  unchanged: number
  created_by: string | null
  created_at: Generated<Date>
}

export interface SvCommitmentTable {
  id: Generated<string>
  organisation_id: string
  contract_id: string
  measure_id: string
  period_start: DateString
  period_end: DateString
  target_quantity: Decimal
  source: Generated<string>
  import_id: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface SvReturnTable {
  id: Generated<string>
  organisation_id: string
  contract_id: string
  measure_id: string
  period_start: DateString
  period_end: DateString
  actual_quantity: Decimal
  description: Generated<string>
  status: 'submitted' | 'accepted' | 'queried' | 'rejected'
  supplier_id: string | null
  source: Generated<'supplier' | 'import'>
  import_id: string | null
  submitted_by: string | null
  submitted_at: Generated<Date>
  reviewed_by: string | null
  reviewed_at: NullableTimestamp
  review_comment: string | null
  version: Generated<number>
}

export interface SvReturnEvidenceTable {
  id: Generated<string>
  return_id: string
  version: number
  kind: 'link' | 'file' | 'note'
  url: string | null
  upload_id: string | null
  file_name: string | null
  description: Generated<string>
  created_at: Generated<Date>
}

export interface SvReturnEventTable {
  id: Generated<number>
  return_id: string
  version: number
  status: string
  actual_quantity: Decimal
  description: Generated<string>
  comment: string | null
  actor_user_id: string | null
  actor_label: string
  occurred_at: Generated<Date>
}

export interface SvReminderTable {
  commitment_id: string
  kind: 'before' | 'after'
  due_date: DateString
  sent_to: string
  sent_at: Generated<Date>
}

export interface SvDeclarationTable {
  id: Generated<string>
  supplier_id: string
  standard: string
  meets: Generated<boolean>
  covers_supply_chain: boolean | null
  statement_url: string | null
  statement_year: number | null
  evidence_url: string | null
  evidence_note: Generated<string>
  declared_on: DateString
  expires_on: NullableDate
  declared_by: string | null
  declared_by_label: string
  created_at: Generated<Date>
}

// Social value targets (migration 2026-12-05T00-00-00_sv-targets).
export interface SvTargetTable {
  organisation_id: string
  financial_year: string
  scope: 'total' | 'economic' | 'social' | 'environmental'
  baseline: Decimal | null
  stretch: Decimal | null
  updated_by: string | null
  updated_at: Generated<Date>
}

export interface Database {
  area: AreaTable
  area_neighbour: AreaNeighbourTable
  organisation: OrganisationTable
  organisation_area: OrganisationAreaTable
  network: NetworkTable
  network_member: NetworkMemberTable
  app_user: AppUserTable
  supplier: SupplierTable
  membership: MembershipTable
  session: SessionTable
  password_token: PasswordTokenTable
  outbox_email: OutboxEmailTable
  audit_event: AuditEventTable
  job: JobTable
  app_setting: AppSettingTable
  payment: PaymentTable
  spend_month_supplier: SpendMonthSupplierTable
  spend_month_category: SpendMonthCategoryTable
  spend_month_label: SpendMonthLabelTable
  ref_postcode: RefPostcodeTable
  ref_company: RefCompanyTable
  ref_charity: RefCharityTable
  ref_coop: RefCoopTable
  supplier_alias: SupplierAliasTable
  supplier_match: SupplierMatchTable
  column_mapping: ColumnMappingTable
  spend_import: SpendImportTable
  spend_import_rejection: SpendImportRejectionTable
  lm3_response: Lm3ResponseTable
  upload: UploadTable
  contract: ContractTable
  contract_supplier: ContractSupplierTable
  contract_lot: ContractLotTable
  contract_variation: ContractVariationTable
  contract_reminder: ContractReminderTable
  contract_settings: ContractSettingsTable
  contract_import: ContractImportTable
  contract_import_rejection: ContractImportRejectionTable
  procurement_plan: ProcurementPlanTable
  sv_framework: SvFrameworkTable
  sv_outcome: SvOutcomeTable
  sv_measure: SvMeasureTable
  sv_proxy_value: SvProxyValueTable
  sv_settings: SvSettingsTable
  sv_import: SvImportTable
  sv_commitment: SvCommitmentTable
  sv_return: SvReturnTable
  sv_return_evidence: SvReturnEvidenceTable
  sv_return_event: SvReturnEventTable
  sv_reminder: SvReminderTable
  sv_declaration: SvDeclarationTable
  sv_target: SvTargetTable
}

export type AppUserRow = Selectable<AppUserTable>
export type OrganisationRow = Selectable<OrganisationTable>
export type SupplierRow = Selectable<SupplierTable>
export type NewSupplierRow = Insertable<SupplierTable>
export type AuditEventRow = Selectable<AuditEventTable>
