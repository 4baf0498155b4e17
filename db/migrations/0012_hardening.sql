CREATE TYPE "core"."agency_head_role" AS ENUM('HEAD', 'DELEGATE');--> statement-breakpoint
CREATE TABLE "core"."agency_heads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "core"."agency_head_role" NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"reference" text NOT NULL,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"ended_by_id" uuid,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kaohsiung_bli"."printouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid,
	"registration_number" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"querier_id" uuid NOT NULL,
	"description" text NOT NULL,
	"pages" integer NOT NULL,
	"printed_on" date NOT NULL,
	"file_reference" text NOT NULL,
	"filed_on" date NOT NULL,
	"destroy_by" date NOT NULL,
	"destroyed_on" date,
	"destruction_method" text,
	"destruction_note" text,
	"destroyed_by_id" uuid,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"retain_until" date
);
--> statement-breakpoint
DROP INDEX "tainan_nhi"."usage_records_querier_idx";--> statement-breakpoint
DROP INDEX "kaohsiung_bli"."usage_records_querier_idx";--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_ended_by_id_people_id_fk" FOREIGN KEY ("ended_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "kaohsiung_bli"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_querier_id_people_id_fk" FOREIGN KEY ("querier_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_destroyed_by_id_people_id_fk" FOREIGN KEY ("destroyed_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_heads_agency_idx" ON "core"."agency_heads" USING btree ("agency_id","since");--> statement-breakpoint
CREATE INDEX "agency_heads_person_idx" ON "core"."agency_heads" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_heads_open_head_uq" ON "core"."agency_heads" USING btree ("agency_id") WHERE "core"."agency_heads"."role" = 'HEAD' and "core"."agency_heads"."until" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "agency_heads_open_delegate_uq" ON "core"."agency_heads" USING btree ("agency_id","person_id") WHERE "core"."agency_heads"."role" = 'DELEGATE' and "core"."agency_heads"."until" is null;--> statement-breakpoint
CREATE INDEX "printouts_registration_idx" ON "kaohsiung_bli"."printouts" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "printouts_agency_idx" ON "kaohsiung_bli"."printouts" USING btree ("agency_id","recorded_at");--> statement-breakpoint
CREATE INDEX "printouts_undestroyed_idx" ON "kaohsiung_bli"."printouts" USING btree ("destroy_by") WHERE "kaohsiung_bli"."printouts"."destroyed_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "permissions_tn_agency_admin_uq" ON "core"."permissions" USING btree ("agency_id") WHERE "core"."permissions"."regime_code" = 'TN_NHI' and "core"."permissions"."role" = 'AGENCY_ADMIN' and "core"."permissions"."status" = 'ACTIVE';--> statement-breakpoint
CREATE UNIQUE INDEX "permissions_tn_chief_admin_uq" ON "core"."permissions" USING btree ("regime_code") WHERE "core"."permissions"."regime_code" = 'TN_NHI' and "core"."permissions"."role" = 'CHIEF_ADMIN' and "core"."permissions"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "usage_records_querier_time_idx" ON "tainan_nhi"."usage_records" USING btree ("querier_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_findings_idx" ON "tainan_nhi"."usage_records" USING btree ("agency_id","queried_at","querier_id","finding","id") WHERE "tainan_nhi"."usage_records"."finding" <> 'NONE';--> statement-breakpoint
CREATE INDEX "usage_records_querier_time_idx" ON "kaohsiung_bli"."usage_records" USING btree ("querier_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_findings_idx" ON "kaohsiung_bli"."usage_records" USING btree ("agency_id","queried_at","querier_id","finding","id") WHERE "kaohsiung_bli"."usage_records"."finding" <> 'NONE';