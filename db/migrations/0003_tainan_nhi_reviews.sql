CREATE TABLE "tainan_nhi"."quarterly_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"records_reviewed" integer NOT NULL,
	"findings" integer NOT NULL,
	"summary" text NOT NULL,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."sample_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sample_id" uuid NOT NULL,
	"usage_record_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"outcome" text,
	"note" text,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tainan_nhi"."samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"month" text NOT NULL,
	"seed" text NOT NULL,
	"population" integer NOT NULL,
	"population_digest" text NOT NULL,
	"size" integer NOT NULL,
	"drawn_by_id" uuid NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."quarterly_reviews" ADD CONSTRAINT "quarterly_reviews_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."quarterly_reviews" ADD CONSTRAINT "quarterly_reviews_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."sample_items" ADD CONSTRAINT "sample_items_sample_id_samples_id_fk" FOREIGN KEY ("sample_id") REFERENCES "tainan_nhi"."samples"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."sample_items" ADD CONSTRAINT "sample_items_usage_record_id_usage_records_id_fk" FOREIGN KEY ("usage_record_id") REFERENCES "tainan_nhi"."usage_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."sample_items" ADD CONSTRAINT "sample_items_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."samples" ADD CONSTRAINT "samples_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."samples" ADD CONSTRAINT "samples_drawn_by_id_people_id_fk" FOREIGN KEY ("drawn_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quarterly_reviews_agency_quarter_uq" ON "tainan_nhi"."quarterly_reviews" USING btree ("agency_id","quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_items_record_uq" ON "tainan_nhi"."sample_items" USING btree ("sample_id","usage_record_id");--> statement-breakpoint
CREATE INDEX "sample_items_sample_idx" ON "tainan_nhi"."sample_items" USING btree ("sample_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "samples_agency_month_uq" ON "tainan_nhi"."samples" USING btree ("agency_id","month");