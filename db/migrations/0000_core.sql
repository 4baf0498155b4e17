CREATE SCHEMA "core";
--> statement-breakpoint
CREATE TYPE "core"."agency_level" AS ENUM('FIRST_LEVEL', 'SECOND_LEVEL', 'DISTRICT_OFFICE');--> statement-breakpoint
CREATE TYPE "core"."employment_status" AS ENUM('ACTIVE', 'REASSIGNED', 'RESIGNED', 'RETIRED');--> statement-breakpoint
CREATE TYPE "core"."permission_status" AS ENUM('ACTIVE', 'REVOKED');--> statement-breakpoint
CREATE TYPE "core"."personal_id_kind" AS ENUM('NATIONAL_ID', 'RESIDENT_CERT_OLD', 'RESIDENT_CERT_NEW');--> statement-breakpoint
CREATE TABLE "core"."agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" "core"."agency_level" NOT NULL,
	"city" text NOT NULL,
	"parent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"id_kind" "core"."personal_id_kind",
	"national_id_enc" text,
	"national_id_hash" text,
	"myegov_account" text,
	"agency_id" uuid,
	"unit" text,
	"title" text,
	"phone" text,
	"email" text,
	"employment_status" "core"."employment_status" DEFAULT 'ACTIVE' NOT NULL,
	"employment_status_effective_on" date,
	"supervisor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."permissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"regime_code" text NOT NULL,
	"role" text NOT NULL,
	"service_item_id" text,
	"status" "core"."permission_status" DEFAULT 'ACTIVE' NOT NULL,
	"effective_from" date,
	"granted_at" timestamp with time zone NOT NULL,
	"granted_by_id" uuid,
	"grant_reason" text NOT NULL,
	"form_type" text,
	"form_id" text,
	"revoked_at" timestamp with time zone,
	"revoked_by_id" uuid,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "core"."pii_reads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reader_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"field" text NOT NULL,
	"reason" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "core"."regimes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"city" text,
	"regulation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core"."service_items" (
	"id" text PRIMARY KEY NOT NULL,
	"regime_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"query_key" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "core"."agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."people" ADD CONSTRAINT "people_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."people" ADD CONSTRAINT "people_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_regime_code_regimes_code_fk" FOREIGN KEY ("regime_code") REFERENCES "core"."regimes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_service_item_id_service_items_id_fk" FOREIGN KEY ("service_item_id") REFERENCES "core"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_granted_by_id_people_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_revoked_by_id_people_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."pii_reads" ADD CONSTRAINT "pii_reads_reader_id_people_id_fk" FOREIGN KEY ("reader_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."pii_reads" ADD CONSTRAINT "pii_reads_subject_id_people_id_fk" FOREIGN KEY ("subject_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."service_items" ADD CONSTRAINT "service_items_regime_code_regimes_code_fk" FOREIGN KEY ("regime_code") REFERENCES "core"."regimes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_uq" ON "core"."agencies" USING btree ("code");--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "core"."agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_national_id_hash_uq" ON "core"."people" USING btree ("national_id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "people_myegov_account_uq" ON "core"."people" USING btree ("myegov_account");--> statement-breakpoint
CREATE INDEX "people_agency_idx" ON "core"."people" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "people_supervisor_idx" ON "core"."people" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "people_name_idx" ON "core"."people" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "permissions_person_idx" ON "core"."permissions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "permissions_agency_idx" ON "core"."permissions" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "permissions_form_idx" ON "core"."permissions" USING btree ("form_type","form_id");--> statement-breakpoint
CREATE UNIQUE INDEX "permissions_active_uq" ON "core"."permissions" USING btree ("person_id","agency_id","regime_code","role",coalesce("service_item_id", '')) WHERE "core"."permissions"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "pii_reads_subject_idx" ON "core"."pii_reads" USING btree ("subject_id","read_at");--> statement-breakpoint
CREATE INDEX "pii_reads_reader_idx" ON "core"."pii_reads" USING btree ("reader_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_regime_code_uq" ON "core"."service_items" USING btree ("regime_code","code");