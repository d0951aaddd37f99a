using Hangfire;
using MicroCredLti.LtiTool.Services;

namespace MicroCredLti.Host.Hosting;

/// <summary>
/// Registers the gradebook sync with Hangfire for the worker role, every five minutes: the LTI tool stays free of
/// Hangfire, and learners' progress reaches the LMS shortly after the credit sweep records it.
/// </summary>
internal sealed class GradebookSyncSchedule(IRecurringJobManager jobs, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<GradebookSync>(GradebookSync.RecurringJobId, sync => sync.RunAsync(CancellationToken.None),
            configuration["Lti:GradebookSyncCron"] ?? "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
