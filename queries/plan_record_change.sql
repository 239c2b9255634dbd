-- name: plan_record_change(changed_by, action, cohort_id, event_id, subject, detail)
-- Appends one entry to the plan's change history; returns its change_id.
insert into plan_change (changed_by, action, cohort_id, event_id, subject, detail)
values ($changed_by, $action, $cohort_id, $event_id, $subject, $detail)
returning change_id;
