-- name: store_feedback_people()
-- Adds the people a feedback file names by e-mail who are not known yet (e-mail only), so their
-- feedback is linked to them from the start: their survey, when it comes, joins the same person,
-- and erasing them removes their feedback too.
insert into person (email)
select distinct staged.email
from staged_feedback as staged
where staged.email is not null
    and not exists (select 1 from person where person.email = staged.email);
