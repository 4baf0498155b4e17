CREATE INDEX "audit_records_keyset_idx" ON "tainan_nhi"."audit_records" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "chief_changes_keyset_idx" ON "tainan_nhi"."chief_changes" USING btree ("recorded_at","id");--> statement-breakpoint
CREATE INDEX "handovers_keyset_idx" ON "tainan_nhi"."handovers" USING btree ("recorded_at","id");--> statement-breakpoint
CREATE INDEX "quarterly_reviews_keyset_idx" ON "tainan_nhi"."quarterly_reviews" USING btree ("reviewed_at","id");--> statement-breakpoint
CREATE INDEX "samples_keyset_idx" ON "tainan_nhi"."samples" USING btree ("drawn_at","id");--> statement-breakpoint
CREATE INDEX "accounts_keyset_idx" ON "kaohsiung_bli"."accounts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audits_keyset_idx" ON "kaohsiung_bli"."audits" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "requesting_agencies_keyset_idx" ON "kaohsiung_bli"."requesting_agencies" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "usage_checks_keyset_idx" ON "kaohsiung_bli"."usage_checks" USING btree ("checked_at","id");