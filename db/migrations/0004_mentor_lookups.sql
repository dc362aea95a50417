CREATE INDEX "mentors_user_idx" ON "mentors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "allocation_outcomes_supervisor_idx" ON "allocation_outcomes" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "allocation_outcomes_mentor_idx" ON "allocation_outcomes" USING btree ("mentor_id");