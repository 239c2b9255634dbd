-- name: record_audit(actor, action, target, detail)
-- Adds one entry to the audit log.
insert into audit_log (actor, action, target, detail) values ($actor, $action, $target, $detail);
