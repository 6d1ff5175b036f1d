-- The data trigger's cooldown now applies whether or not the group has a champion yet. Version 1
-- allowed every new version until a champion existed, which raced with the alias-moved event: a
-- dataset version arriving just before policy learned of the champion started a second run.
insert into policies (name, version, attachment_point, expression, description, created_by)
select 'training-on-new-data', max(version) + 1, 'training-data',
       'binding.autoTrain && quality == ''PASSED'' && minutes_since_last_data_run >= cooldown_minutes',
       'Train on a new dataset version of an auto-train binding that passed quality, at most once per data cooldown (the first version of a group always qualifies).',
       'system'
from policies where name = 'training-on-new-data';
