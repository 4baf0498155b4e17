CREATE TABLE "tainan_nhi"."audit_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"period" text NOT NULL,
	"audit_unit" text NOT NULL,
	"audited_on" date NOT NULL,
	"checks" jsonb NOT NULL,
	"previous_follow_up" text,
	"findings" text,
	"recommendations" text,
	"investigators" jsonb,
	"usage_record_id" uuid,
	"notice" text,
	"auditee_id" uuid NOT NULL,
	"auditee_head_id" uuid NOT NULL,
	"auditor_id" uuid NOT NULL,
	"auditor_head_id" uuid NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "core"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_usage_record_id_usage_records_id_fk" FOREIGN KEY ("usage_record_id") REFERENCES "tainan_nhi"."usage_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_auditee_id_people_id_fk" FOREIGN KEY ("auditee_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_auditee_head_id_people_id_fk" FOREIGN KEY ("auditee_head_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_auditor_id_people_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_auditor_head_id_people_id_fk" FOREIGN KEY ("auditor_head_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tainan_nhi"."audit_records" ADD CONSTRAINT "audit_records_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "core"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_records_number_uq" ON "tainan_nhi"."audit_records" USING btree ("number");--> statement-breakpoint
CREATE INDEX "audit_records_agency_kind_idx" ON "tainan_nhi"."audit_records" USING btree ("agency_id","kind","period");