-- Every evaluated window's results in the SageMaker Model Monitor file shapes
-- (statistics.json, constraints.json, constraint_violations.json).
create table window_files (
    window_id uuid  not null references windows (id) on delete cascade,
    name      text  not null,
    content   jsonb not null,
    primary key (window_id, name)
);
