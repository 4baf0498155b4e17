DROP INDEX "tainan_nhi"."usage_records_querier_idx";--> statement-breakpoint
DROP INDEX "kaohsiung_bli"."usage_records_querier_idx";--> statement-breakpoint
CREATE INDEX "usage_records_querier_time_idx" ON "tainan_nhi"."usage_records" USING btree ("querier_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_findings_idx" ON "tainan_nhi"."usage_records" USING btree ("agency_id","queried_at","querier_id","finding","id") WHERE "tainan_nhi"."usage_records"."finding" <> 'NONE';--> statement-breakpoint
CREATE INDEX "usage_records_querier_time_idx" ON "kaohsiung_bli"."usage_records" USING btree ("querier_id","queried_at");--> statement-breakpoint
CREATE INDEX "usage_records_findings_idx" ON "kaohsiung_bli"."usage_records" USING btree ("agency_id","queried_at","querier_id","finding","id") WHERE "kaohsiung_bli"."usage_records"."finding" <> 'NONE';