ALTER TABLE "nhi_network"."sanctions" ADD COLUMN "line_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
UPDATE "nhi_network"."sanctions" SET "line_ids" = ARRAY["line_id"] WHERE "line_id" IS NOT NULL;
