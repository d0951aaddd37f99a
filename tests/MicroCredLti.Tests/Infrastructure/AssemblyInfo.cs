// Hosts share Hangfire's process-wide configuration (JobStorage.Current, the job activator), so tests that start
// hosts run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
