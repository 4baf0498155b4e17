CREATE SCHEMA "compliance";
--> statement-breakpoint
CREATE TABLE "compliance"."offboardings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"ended" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance"."purge_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"today" date NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"by_id" uuid,
	"removed" integer NOT NULL,
	"counts" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."purges" ALTER COLUMN "purged_by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."purges" ALTER COLUMN "purged_by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance"."offboardings" ADD CONSTRAINT "offboardings_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance"."offboardings" ADD CONSTRAINT "offboardings_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance"."purge_runs" ADD CONSTRAINT "purge_runs_by_id_people_id_fk" FOREIGN KEY ("by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offboardings_person_idx" ON "compliance"."offboardings" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offboardings_scheduled_uq" ON "compliance"."offboardings" USING btree ("person_id") WHERE "compliance"."offboardings"."status" = 'SCHEDULED';--> statement-breakpoint
CREATE INDEX "offboardings_due_idx" ON "compliance"."offboardings" USING btree ("status","effective_on");--> statement-breakpoint
CREATE INDEX "purge_runs_ran_idx" ON "compliance"."purge_runs" USING btree ("ran_at");