CREATE TABLE "tainan_nhi"."usage_imports" (
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
CREATE TABLE "tainan_nhi"."usage_records" (
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
	"finding" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."usage_imports" ADD CONSTRAINT "usage_imports_imported_by_id_people_id_fk" FOREIGN KEY ("imported_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."usage_records" ADD CONSTRAINT "usage_records_import_id_usage_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "tainan_nhi"."usage_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."usage_records" ADD CONSTRAINT "usage_records_querier_id_people_id_fk" FOREIGN KEY ("querier_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."usage_records" ADD CONSTRAINT "usage_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."usage_records" ADD CONSTRAINT "usage_records_request_id_query_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "tainan_nhi"."query_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "usage_imports_sha_uq" ON "tainan_nhi"."usage_imports" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_natural_uq" ON "tainan_nhi"."usage_records" USING btree ("queried_at","myegov_account","item","subject_id_hash");--> statement-breakpoint
CREATE INDEX "usage_records_agency_time_idx" ON "tainan_nhi"."usage_records" USING btree ("agency_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_querier_idx" ON "tainan_nhi"."usage_records" USING btree ("querier_id");--> statement-breakpoint
CREATE INDEX "usage_records_finding_idx" ON "tainan_nhi"."usage_records" USING btree ("finding");