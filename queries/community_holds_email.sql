-- name: community_holds_email(email)
-- One value: whether any Slack export or attendance report loaded holds the e-mail $email
-- (trimmed, case-folded), so an erasure request for it has something to erase.
select
    exists (
        select 1 from slack_export_member where lower(trim(email)) = lower(trim($email))
    )
    or exists (
        select 1 from attendee where lower(trim(email)) = lower(trim($email))
    ) as is_held;
