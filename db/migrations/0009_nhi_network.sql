CREATE SCHEMA "nhi_network";
--> statement-breakpoint
CREATE TABLE "nhi_network"."applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" text NOT NULL,
	"company_name" text,
	"business_number" text,
	"phone" text,
	"owner_id" uuid,
	"fax" text,
	"contact_id" uuid,
	"contact_title" text,
	"contact_phone" text,
	"email" text,
	"website" text,
	"address" text,
	"medical_centres" integer,
	"regional_hospitals" integer,
	"district_hospitals" integer,
	"clinics" integer,
	"pharmacies" integer,
	"other_clients" integer,
	"registration" jsonb,
	"pledge_services" jsonb,
	"pledge_signed_on" date,
	"submitted_at" timestamp with time zone,
	"reviewer_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"reply_number" text,
	"replied_on" date,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nhi_network"."clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"level" integer NOT NULL,
	"institution_code" text NOT NULL,
	"name" text NOT NULL,
	"contact_name" text NOT NULL,
	"phone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nhi_network"."lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"application_id" uuid,
	"provider" text NOT NULL,
	"connection" text NOT NULL,
	"speed" text NOT NULL,
	"installation_address" text NOT NULL,
	"status" text NOT NULL,
	"applied_on" date NOT NULL,
	"activated_on" date,
	"ended_on" date,
	"end_reason" text,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nhi_network"."sanctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"violation_id" uuid NOT NULL,
	"line_id" uuid,
	"kind" text NOT NULL,
	"rule" text NOT NULL,
	"from_on" date NOT NULL,
	"until_on" date NOT NULL,
	"decided_by_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nhi_network"."units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"business_number" text,
	"institution_code" text,
	"contract_number" text,
	"agency_id" uuid,
	"project_approval_number" text,
	"project_approved_on" date,
	"owner_id" uuid,
	"contact_id" uuid,
	"grandfathered_approved_on" date,
	"grandfathered_reference" text,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nhi_network"."violations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"reporter_name" text,
	"reporter_contact" text,
	"description" text NOT NULL,
	"occurred_on" date NOT NULL,
	"status" text NOT NULL,
	"confirmed_by_id" uuid,
	"confirmed_on" date,
	"improvement_deadline" date,
	"remedied_on" date,
	"closed_note" text,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nhi_network"."applications" ADD CONSTRAINT "applications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "nhi_network"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."applications" ADD CONSTRAINT "applications_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."applications" ADD CONSTRAINT "applications_contact_id_people_id_fk" FOREIGN KEY ("contact_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."applications" ADD CONSTRAINT "applications_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."applications" ADD CONSTRAINT "applications_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."clients" ADD CONSTRAINT "clients_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "nhi_network"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."lines" ADD CONSTRAINT "lines_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "nhi_network"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."lines" ADD CONSTRAINT "lines_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "nhi_network"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."lines" ADD CONSTRAINT "lines_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."sanctions" ADD CONSTRAINT "sanctions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "nhi_network"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."sanctions" ADD CONSTRAINT "sanctions_violation_id_violations_id_fk" FOREIGN KEY ("violation_id") REFERENCES "nhi_network"."violations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."sanctions" ADD CONSTRAINT "sanctions_line_id_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "nhi_network"."lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."sanctions" ADD CONSTRAINT "sanctions_decided_by_id_people_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."units" ADD CONSTRAINT "units_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."units" ADD CONSTRAINT "units_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."units" ADD CONSTRAINT "units_contact_id_people_id_fk" FOREIGN KEY ("contact_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."units" ADD CONSTRAINT "units_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."violations" ADD CONSTRAINT "violations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "nhi_network"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."violations" ADD CONSTRAINT "violations_confirmed_by_id_people_id_fk" FOREIGN KEY ("confirmed_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nhi_network"."violations" ADD CONSTRAINT "violations_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nw_applications_number_uq" ON "nhi_network"."applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "nw_applications_unit_idx" ON "nhi_network"."applications" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "nw_applications_created_idx" ON "nhi_network"."applications" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_institution_uq" ON "nhi_network"."clients" USING btree ("application_id","institution_code");--> statement-breakpoint
CREATE INDEX "clients_application_idx" ON "nhi_network"."clients" USING btree ("application_id","position");--> statement-breakpoint
CREATE INDEX "lines_unit_idx" ON "nhi_network"."lines" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "sanctions_unit_idx" ON "nhi_network"."sanctions" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sanctions_violation_uq" ON "nhi_network"."sanctions" USING btree ("violation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_business_number_uq" ON "nhi_network"."units" USING btree ("kind","business_number");--> statement-breakpoint
CREATE UNIQUE INDEX "units_institution_code_uq" ON "nhi_network"."units" USING btree ("institution_code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_agency_uq" ON "nhi_network"."units" USING btree ("agency_id") WHERE "nhi_network"."units"."kind" = 'GOVERNMENT_AGENCY';--> statement-breakpoint
CREATE INDEX "units_owner_idx" ON "nhi_network"."units" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "units_contact_idx" ON "nhi_network"."units" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "units_created_by_idx" ON "nhi_network"."units" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "units_created_idx" ON "nhi_network"."units" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "violations_unit_idx" ON "nhi_network"."violations" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "violations_deadline_idx" ON "nhi_network"."violations" USING btree ("status","improvement_deadline");