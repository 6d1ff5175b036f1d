-- SageMaker hostings can be torn down: DELETING (the worker deletes the SageMaker endpoint, its
-- configuration and models) -> DELETED. The worker's index now covers DELETING too.
drop index sagemaker_hostings_due;
create index sagemaker_hostings_due on sagemaker_hostings (status)
    where status in ('REQUESTED', 'CREATING', 'IN_SERVICE', 'DELETING');
