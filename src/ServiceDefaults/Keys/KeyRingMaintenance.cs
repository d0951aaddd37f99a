using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>
/// Keeps every registered purpose's keys on schedule even when nothing asks for them: creates the first keys at
/// start-up and the next key as soon as it is due, so it is published for its whole pre-publication window rather
/// than appearing only when the current key has already retired.
/// </summary>
internal sealed partial class KeyRingMaintenance(
    IKeyRing ring, IEnumerable<KeyPurpose> purposes, IOptions<KeyRingOptions> options, TimeProvider clock, ILogger<KeyRingMaintenance> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        do
        {
            foreach (var purpose in purposes.DistinctBy(p => p.Name))
            {
                try
                {
                    await ring.GetAsync(purpose, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e, purpose.Name); // the database may be briefly away; the next tick tries again
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Key ring: could not bring the keys of {Purpose} up to date")]
    private partial void LogFailed(Exception error, string purpose);
}
