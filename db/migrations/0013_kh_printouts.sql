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
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "kaohsiung_bli"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_querier_id_people_id_fk" FOREIGN KEY ("querier_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_destroyed_by_id_people_id_fk" FOREIGN KEY ("destroyed_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaohsiung_bli"."printouts" ADD CONSTRAINT "printouts_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "printouts_registration_idx" ON "kaohsiung_bli"."printouts" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "printouts_agency_idx" ON "kaohsiung_bli"."printouts" USING btree ("agency_id","recorded_at");--> statement-breakpoint
CREATE INDEX "printouts_undestroyed_idx" ON "kaohsiung_bli"."printouts" USING btree ("destroy_by") WHERE "kaohsiung_bli"."printouts"."destroyed_on" is null;