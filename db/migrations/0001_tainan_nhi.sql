CREATE SCHEMA "tainan_nhi";
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."application_signoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"role" text NOT NULL,
	"signer_id" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"form" text NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"section" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"myegov_account" text NOT NULL,
	"admin_action" text,
	"item_changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text NOT NULL,
	"privacy_acknowledged" boolean NOT NULL,
	"applied_on" date NOT NULL,
	"status" text NOT NULL,
	"approver_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"access_opens_on" date,
	"retain_until" date,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."enrolment_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"reviewed_on" date NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"still_needed" boolean NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"legal_basis" text NOT NULL,
	"legal_basis_note" text,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"enrolled_on" date NOT NULL,
	"next_review_due" date NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"terminated_at" timestamp with time zone,
	"terminated_by_id" uuid,
	"termination_reason" text
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."query_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"requester_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"subject_id_enc" text NOT NULL,
	"subject_id_hash" text NOT NULL,
	"items" jsonb NOT NULL,
	"purpose" text NOT NULL,
	"legal_basis" text NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"approver_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."application_signoffs" ADD CONSTRAINT "application_signoffs_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "tainan_nhi"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."application_signoffs" ADD CONSTRAINT "application_signoffs_signer_id_people_id_fk" FOREIGN KEY ("signer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."applications" ADD CONSTRAINT "applications_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."applications" ADD CONSTRAINT "applications_applicant_id_people_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."applications" ADD CONSTRAINT "applications_approver_id_people_id_fk" FOREIGN KEY ("approver_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."applications" ADD CONSTRAINT "applications_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."enrolment_reviews" ADD CONSTRAINT "enrolment_reviews_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "tainan_nhi"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."enrolment_reviews" ADD CONSTRAINT "enrolment_reviews_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."enrolments" ADD CONSTRAINT "enrolments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."enrolments" ADD CONSTRAINT "enrolments_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."enrolments" ADD CONSTRAINT "enrolments_terminated_by_id_people_id_fk" FOREIGN KEY ("terminated_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."query_requests" ADD CONSTRAINT "query_requests_requester_id_people_id_fk" FOREIGN KEY ("requester_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."query_requests" ADD CONSTRAINT "query_requests_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."query_requests" ADD CONSTRAINT "query_requests_approver_id_people_id_fk" FOREIGN KEY ("approver_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_signoffs_step_uq" ON "tainan_nhi"."application_signoffs" USING btree ("application_id","step");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_uq" ON "tainan_nhi"."applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "applications_agency_idx" ON "tainan_nhi"."applications" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "tainan_nhi"."applications" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "enrolment_reviews_enrolment_idx" ON "tainan_nhi"."enrolment_reviews" USING btree ("enrolment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_active_agency_uq" ON "tainan_nhi"."enrolments" USING btree ("agency_id") WHERE "tainan_nhi"."enrolments"."status" = 'ACTIVE';--> statement-breakpoint
CREATE UNIQUE INDEX "query_requests_number_uq" ON "tainan_nhi"."query_requests" USING btree ("number");--> statement-breakpoint
CREATE INDEX "query_requests_requester_idx" ON "tainan_nhi"."query_requests" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "query_requests_subject_idx" ON "tainan_nhi"."query_requests" USING btree ("subject_id_hash");--> statement-breakpoint
CREATE INDEX "query_requests_agency_idx" ON "tainan_nhi"."query_requests" USING btree ("agency_id");