-- A hosting can be cancelled while it is provisioning: CANCELLING (SageMaker cannot delete an
-- endpoint that is still Creating, so the worker waits until it is InService or Failed, then
-- deletes it, its configuration and models) -> DELETED. A cancelling hosting is still in flight:
-- the endpoint's next hosting waits for it.
drop index sagemaker_hostings_one_in_flight;
create unique index sagemaker_hostings_one_in_flight on sagemaker_hostings (endpoint)
    where status in ('REQUESTED', 'CREATING', 'CANCELLING');
drop index sagemaker_hostings_due;
create index sagemaker_hostings_due on sagemaker_hostings (status)
    where status in ('REQUESTED', 'CREATING', 'CANCELLING', 'IN_SERVICE', 'DELETING');
