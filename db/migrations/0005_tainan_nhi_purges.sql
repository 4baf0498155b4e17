CREATE TABLE "tainan_nhi"."purges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"number" text,
	"retain_until" date NOT NULL,
	"rule" text NOT NULL,
	"purged_at" timestamp with time zone NOT NULL,
	"purged_by_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."purges" ADD CONSTRAINT "purges_purged_by_id_people_id_fk" FOREIGN KEY ("purged_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purges_kind_idx" ON "tainan_nhi"."purges" USING btree ("kind","purged_at");