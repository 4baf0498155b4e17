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
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."agency_heads" ADD CONSTRAINT "agency_heads_ended_by_id_people_id_fk" FOREIGN KEY ("ended_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_heads_agency_idx" ON "core"."agency_heads" USING btree ("agency_id","since");--> statement-breakpoint
CREATE INDEX "agency_heads_person_idx" ON "core"."agency_heads" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_heads_open_head_uq" ON "core"."agency_heads" USING btree ("agency_id") WHERE "core"."agency_heads"."role" = 'HEAD' and "core"."agency_heads"."until" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "agency_heads_open_delegate_uq" ON "core"."agency_heads" USING btree ("agency_id","person_id") WHERE "core"."agency_heads"."role" = 'DELEGATE' and "core"."agency_heads"."until" is null;