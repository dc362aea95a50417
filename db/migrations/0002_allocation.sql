CREATE TABLE "allocation_locks" (
	"student_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocation_locks_student_id_pk" PRIMARY KEY("student_id")
);
--> statement-breakpoint
CREATE TABLE "allocation_outcomes" (
	"run_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"topic_id" uuid,
	"supervisor_id" uuid,
	"mentor_id" uuid,
	"rank" integer,
	"locked" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "allocation_outcomes_run_id_student_id_pk" PRIMARY KEY("run_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "allocation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cohort" integer NOT NULL,
	"mode" text NOT NULL,
	"options" jsonb NOT NULL,
	"seed" bigint NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"input" jsonb NOT NULL,
	"summary" jsonb,
	"error" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_by" uuid
);
--> statement-breakpoint
CREATE TABLE "cohort_settings" (
	"org_id" uuid NOT NULL,
	"cohort" integer NOT NULL,
	"max_preferences" integer DEFAULT 10 NOT NULL,
	CONSTRAINT "cohort_settings_org_id_cohort_pk" PRIMARY KEY("org_id","cohort")
);
--> statement-breakpoint
ALTER TABLE "allocation_locks" ADD CONSTRAINT "allocation_locks_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_locks" ADD CONSTRAINT "allocation_locks_topic_id_thesis_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."thesis_topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_locks" ADD CONSTRAINT "allocation_locks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_outcomes" ADD CONSTRAINT "allocation_outcomes_run_id_allocation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."allocation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_outcomes" ADD CONSTRAINT "allocation_outcomes_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_outcomes" ADD CONSTRAINT "allocation_outcomes_topic_id_thesis_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."thesis_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_settings" ADD CONSTRAINT "cohort_settings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocation_runs_org_idx" ON "allocation_runs" USING btree ("org_id","cohort","created_at");--> statement-breakpoint
CREATE INDEX "allocation_runs_state_idx" ON "allocation_runs" USING btree ("state");