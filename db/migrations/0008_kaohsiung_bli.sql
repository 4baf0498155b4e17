CREATE SCHEMA "kaohsiung_bli";
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"myegov_account" text NOT NULL,
	"ip_address" text,
	"form_id" uuid,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_reason" text
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"audited_on" date NOT NULL,
	"auditor_id" uuid NOT NULL,
	"findings" text NOT NULL,
	"violations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recommendation" text,
	"corrected_on" date,
	"correction" text,
	"review_report_on" date,
	"review_report" text,
	"created_at" timestamp with time zone NOT NULL,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."form_signoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"role" text NOT NULL,
	"signer_id" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"form" text NOT NULL,
	"action" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"section" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"myegov_account" text,
	"certificate_uploaded" boolean DEFAULT false NOT NULL,
	"privacy_acknowledged" boolean DEFAULT false NOT NULL,
	"legal_basis" text,
	"ip_address" text,
	"item_changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"applied_on" date NOT NULL,
	"status" text NOT NULL,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"set_up_by_id" uuid,
	"set_up_at" timestamp with time zone,
	"set_up_note" text,
	"copies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"retain_until" date,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."item_holdings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" text NOT NULL,
	"agency_id" uuid,
	"item" text NOT NULL,
	"legal_basis" text NOT NULL,
	"decision_reference" text NOT NULL,
	"form_id" uuid,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"granted_by_id" uuid NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."purges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"number" text,
	"retain_until" date NOT NULL,
	"rule" text NOT NULL,
	"purged_at" timestamp with time zone NOT NULL,
	"purged_by_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"subject_id_enc" text NOT NULL,
	"subject_id_hash" text NOT NULL,
	"items" jsonb NOT NULL,
	"legal_basis" text NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"approver_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"retain_until" date NOT NULL,
	"reason" text NOT NULL,
	"duty_relation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."requesting_agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"status" text DEFAULT 'APPROVED' NOT NULL,
	"legal_basis" text NOT NULL,
	"approved_on" date NOT NULL,
	"approved_by_id" uuid NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_id" uuid,
	"withdrawal_reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."usage_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"checker_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"records_checked" integer NOT NULL,
	"findings" integer NOT NULL,
	"summary" text NOT NULL,
	"investigation" text,
	"sent_to_bureau_on" date,
	"head_id" uuid,
	"head_reviewed_at" timestamp with time zone,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."usage_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"duplicates" integer NOT NULL,
	"findings" integer NOT NULL,
	"imported_by_id" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."usage_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"queried_at" timestamp with time zone NOT NULL,
	"myegov_account" text NOT NULL,
	"querier_id" uuid,
	"agency_id" uuid,
	"item" text NOT NULL,
	"subject_id_enc" text NOT NULL,
	"subject_id_hash" text NOT NULL,
	"request_number" text,
	"request_id" uuid,
	"finding" text NOT NULL,
	"ip_address" text
);
--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."accounts" ADD CONSTRAINT "accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."accounts" ADD CONSTRAINT "accounts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."accounts" ADD CONSTRAINT "accounts_form_id_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "kaohsiung_bli"."forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."audits" ADD CONSTRAINT "audits_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."audits" ADD CONSTRAINT "audits_auditor_id_people_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."form_signoffs" ADD CONSTRAINT "form_signoffs_application_id_forms_id_fk" FOREIGN KEY ("application_id") REFERENCES "kaohsiung_bli"."forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."form_signoffs" ADD CONSTRAINT "form_signoffs_signer_id_people_id_fk" FOREIGN KEY ("signer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."forms" ADD CONSTRAINT "forms_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."forms" ADD CONSTRAINT "forms_applicant_id_people_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."forms" ADD CONSTRAINT "forms_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."forms" ADD CONSTRAINT "forms_set_up_by_id_people_id_fk" FOREIGN KEY ("set_up_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."forms" ADD CONSTRAINT "forms_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."item_holdings" ADD CONSTRAINT "item_holdings_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."item_holdings" ADD CONSTRAINT "item_holdings_granted_by_id_people_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."item_holdings" ADD CONSTRAINT "item_holdings_removed_by_id_people_id_fk" FOREIGN KEY ("removed_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."purges" ADD CONSTRAINT "purges_purged_by_id_people_id_fk" FOREIGN KEY ("purged_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."registrations" ADD CONSTRAINT "registrations_requester_id_people_id_fk" FOREIGN KEY ("requester_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."registrations" ADD CONSTRAINT "registrations_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."registrations" ADD CONSTRAINT "registrations_approver_id_people_id_fk" FOREIGN KEY ("approver_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."requesting_agencies" ADD CONSTRAINT "requesting_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."requesting_agencies" ADD CONSTRAINT "requesting_agencies_approved_by_id_people_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."requesting_agencies" ADD CONSTRAINT "requesting_agencies_withdrawn_by_id_people_id_fk" FOREIGN KEY ("withdrawn_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_checks" ADD CONSTRAINT "usage_checks_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_checks" ADD CONSTRAINT "usage_checks_checker_id_people_id_fk" FOREIGN KEY ("checker_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_checks" ADD CONSTRAINT "usage_checks_head_id_people_id_fk" FOREIGN KEY ("head_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_imports" ADD CONSTRAINT "usage_imports_imported_by_id_people_id_fk" FOREIGN KEY ("imported_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_records" ADD CONSTRAINT "usage_records_import_id_usage_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "kaohsiung_bli"."usage_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_records" ADD CONSTRAINT "usage_records_querier_id_people_id_fk" FOREIGN KEY ("querier_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_records" ADD CONSTRAINT "usage_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."usage_records" ADD CONSTRAINT "usage_records_request_id_registrations_id_fk" FOREIGN KEY ("request_id") REFERENCES "kaohsiung_bli"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_active_uq" ON "kaohsiung_bli"."accounts" USING btree ("person_id","agency_id","kind") WHERE "kaohsiung_bli"."accounts"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "accounts_agency_idx" ON "kaohsiung_bli"."accounts" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audits_number_uq" ON "kaohsiung_bli"."audits" USING btree ("number");--> statement-breakpoint
CREATE INDEX "audits_agency_year_idx" ON "kaohsiung_bli"."audits" USING btree ("agency_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "form_signoffs_step_uq" ON "kaohsiung_bli"."form_signoffs" USING btree ("application_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "forms_number_uq" ON "kaohsiung_bli"."forms" USING btree ("number");--> statement-breakpoint
CREATE INDEX "forms_agency_idx" ON "kaohsiung_bli"."forms" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "forms_applicant_idx" ON "kaohsiung_bli"."forms" USING btree ("applicant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "item_holdings_active_uq" ON "kaohsiung_bli"."item_holdings" USING btree ("level",coalesce("agency_id"::text, ''),"item") WHERE "kaohsiung_bli"."item_holdings"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "item_holdings_agency_idx" ON "kaohsiung_bli"."item_holdings" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "purges_kind_idx" ON "kaohsiung_bli"."purges" USING btree ("kind","purged_at");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_number_uq" ON "kaohsiung_bli"."registrations" USING btree ("number");--> statement-breakpoint
CREATE INDEX "registrations_requester_idx" ON "kaohsiung_bli"."registrations" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "registrations_subject_idx" ON "kaohsiung_bli"."registrations" USING btree ("subject_id_hash");--> statement-breakpoint
CREATE INDEX "registrations_agency_idx" ON "kaohsiung_bli"."registrations" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requesting_agencies_active_uq" ON "kaohsiung_bli"."requesting_agencies" USING btree ("agency_id") WHERE "kaohsiung_bli"."requesting_agencies"."status" = 'APPROVED';--> statement-breakpoint
CREATE UNIQUE INDEX "usage_checks_quarter_uq" ON "kaohsiung_bli"."usage_checks" USING btree ("agency_id","period") WHERE "kaohsiung_bli"."usage_checks"."kind" = 'QUARTERLY';--> statement-breakpoint
CREATE INDEX "usage_checks_agency_idx" ON "kaohsiung_bli"."usage_checks" USING btree ("agency_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_imports_sha_uq" ON "kaohsiung_bli"."usage_imports" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_natural_uq" ON "kaohsiung_bli"."usage_records" USING btree ("queried_at","myegov_account","item","subject_id_hash");--> statement-breakpoint
CREATE INDEX "usage_records_agency_time_idx" ON "kaohsiung_bli"."usage_records" USING btree ("agency_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_querier_idx" ON "kaohsiung_bli"."usage_records" USING btree ("querier_id");--> statement-breakpoint
CREATE INDEX "usage_records_finding_idx" ON "kaohsiung_bli"."usage_records" USING btree ("finding");