CREATE TABLE "tainan_nhi"."chief_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_id" uuid,
	"to_id" uuid NOT NULL,
	"effective_on" date NOT NULL,
	"reported_on" date,
	"report_reference" text,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."destructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"destroyed_on" date NOT NULL,
	"method" text NOT NULL,
	"note" text,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"from_id" uuid NOT NULL,
	"to_id" uuid NOT NULL,
	"handed_over_on" date NOT NULL,
	"roster" jsonb NOT NULL,
	"query_requests" integer NOT NULL,
	"usage_records" integer NOT NULL,
	"note" text,
	"recorded_by_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."chief_changes" ADD CONSTRAINT "chief_changes_from_id_people_id_fk" FOREIGN KEY ("from_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."chief_changes" ADD CONSTRAINT "chief_changes_to_id_people_id_fk" FOREIGN KEY ("to_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."chief_changes" ADD CONSTRAINT "chief_changes_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."destructions" ADD CONSTRAINT "destructions_request_id_query_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "tainan_nhi"."query_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."destructions" ADD CONSTRAINT "destructions_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."handovers" ADD CONSTRAINT "handovers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."handovers" ADD CONSTRAINT "handovers_from_id_people_id_fk" FOREIGN KEY ("from_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."handovers" ADD CONSTRAINT "handovers_to_id_people_id_fk" FOREIGN KEY ("to_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."handovers" ADD CONSTRAINT "handovers_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "destructions_request_idx" ON "tainan_nhi"."destructions" USING btree ("request_id");