using System.Globalization;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Erasure;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>The collector's tables as EF Core maps them; <see cref="XapiSchema"/>'s migration creates them.</summary>
internal sealed class XapiDbContext(DbContextOptions<XapiDbContext> options) : DbContext(options)
{
    public DbSet<StoredStatement> Statements => Set<StoredStatement>();
    public DbSet<StatementActivity> StatementActivities => Set<StatementActivity>();
    public DbSet<StatementAgent> StatementAgents => Set<StatementAgent>();
    public DbSet<TargetedStatement> TargetedStatements => Set<TargetedStatement>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<LearnerAccount> LearnerAccounts => Set<LearnerAccount>();
    public DbSet<LrsCredential> Credentials => Set<LrsCredential>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<KnownActivity> Activities => Set<KnownActivity>();
    public DbSet<StoredAttachment> Attachments => Set<StoredAttachment>();
    public DbSet<ErasureRecord> Erasures => Set<ErasureRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StoredStatement>(e =>
        {
            e.ToTable(XapiSchema.Statements);
            e.HasKey(s => s.Sequence);
            e.Property(s => s.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(s => s.StatementId).IsUnique().HasDatabaseName("ux_xapi_statements_statement_id");
            e.HasIndex(s => new { s.LearnerId, s.Sequence }).HasDatabaseName("ix_xapi_statements_learner_id_sequence");
            e.Property(s => s.VerbId).HasMaxLength(2000);
            e.Property(s => s.ActivityId).HasMaxLength(2000);
            // Pages are read newest first by stored time (Part Three 2.1.3): each filter's index ends in (stored, sequence),
            // so since, until and a page's cursor are a range of it.
            e.Property(s => s.ActorIfi).HasMaxLength(StatementIndex.KeyLength);
            e.HasIndex(s => new { s.Stored, s.Sequence }).HasDatabaseName("ix_xapi_statements_stored_sequence");
            e.HasIndex(s => new { s.ActorIfi, s.Stored, s.Sequence }).HasDatabaseName("ix_xapi_statements_actor_ifi_stored_sequence");
            e.HasIndex(s => new { s.VerbId, s.Stored, s.Sequence }).HasDatabaseName("ix_xapi_statements_verb_id_stored_sequence");
            e.HasIndex(s => new { s.Registration, s.Stored, s.Sequence }).HasDatabaseName("ix_xapi_statements_registration_stored_sequence");
            e.Property(s => s.VerbActivityKey).HasMaxLength(16);
            e.HasIndex(s => new { s.VerbActivityKey, s.Stored, s.Sequence }).HasDatabaseName("ix_xapi_statements_verb_activity_key_stored_sequence");
            if (Database.IsSqlite())
                e.Property(s => s.Stored).HasConversion(SortableUtcText);
            // Link rows are written in bulk beside the statements (StatementIndex.WriteAsync), not tracked one by one.
            e.Ignore(s => s.Activities);
            e.Ignore(s => s.Agents);
            e.Ignore(s => s.Targets);
        });
        model.Entity<StatementActivity>(e =>
        {
            e.ToTable(XapiSchema.StatementActivities);
            // The key is the index an activity filter walks: one activity's statements, newest first.
            e.HasKey(a => new { a.ActivityKey, a.Stored, a.Sequence }).HasName($"pk_{XapiSchema.StatementActivities}");
            e.Property(a => a.ActivityKey).HasMaxLength(16);
            e.Property(a => a.Relations).HasConversion<short>();
            if (Database.IsSqlite())
                e.Property(a => a.Stored).HasConversion(SortableUtcText);
        });
        model.Entity<StatementAgent>(e =>
        {
            e.ToTable(XapiSchema.StatementAgents);
            e.HasKey(a => new { a.AgentKey, a.Stored, a.Sequence }).HasName($"pk_{XapiSchema.StatementAgents}");
            e.Property(a => a.AgentKey).HasMaxLength(16);
            e.Property(a => a.Relations).HasConversion<short>();
            if (Database.IsSqlite())
                e.Property(a => a.Stored).HasConversion(SortableUtcText);
        });
        model.Entity<TargetedStatement>(e =>
        {
            e.ToTable(XapiSchema.StatementTargets);
            e.HasKey(t => new { t.Sequence, t.StatementId }).HasName($"pk_{XapiSchema.StatementTargets}");
            e.HasIndex(t => t.StatementId).HasDatabaseName("ix_xapi_statement_targets_statement_id");
        });
        model.Entity<Learner>(e =>
        {
            e.ToTable(XapiSchema.Learners);
            e.HasKey(l => l.Id);
            e.Property(l => l.StudentId).HasMaxLength(200);
            e.HasIndex(l => l.StudentId).IsUnique().HasFilter("student_id IS NOT NULL").HasDatabaseName("ux_xapi_learners_student_id");
        });
        model.Entity<LearnerAccount>(e =>
        {
            e.ToTable(XapiSchema.LearnerAccounts);
            e.HasKey(a => a.Identifier);
            e.Property(a => a.Identifier).HasMaxLength(900);
            e.HasIndex(a => a.LearnerId).HasDatabaseName("ix_xapi_learner_accounts_learner_id");
        });
        model.Entity<LrsCredential>(e =>
        {
            e.ToTable(XapiSchema.Credentials);
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).HasMaxLength(200);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.SecretHash).HasMaxLength(200);
            e.Property(c => c.Repairs).HasMaxLength(200);
            e.Property(c => c.Scopes).HasMaxLength(500);
        });
        model.ApplyConfiguration(new StoredDocumentMap());
        model.ApplyConfiguration(new KnownActivityMap());
        model.Entity<ErasureRecord>(e =>
        {
            e.ToTable(XapiSchema.Erasures);
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Subject).HasMaxLength(200);
            e.Property(r => r.RequestedBy).HasMaxLength(200);
            e.Property(r => r.Reason).HasMaxLength(500);
            e.HasIndex(r => r.At).HasDatabaseName("ix_xapi_erasures_at");
            if (Database.IsSqlite())
                e.Property(r => r.At).HasConversion(SortableUtcText);
        });
        model.Entity<StoredAttachment>(e =>
        {
            e.ToTable(XapiSchema.Attachments);
            e.HasKey(a => a.Sha2);
            e.Property(a => a.Sha2).HasMaxLength(128);
        });
    }

    /// <summary>
    /// SQLite has no timestamp type, and EF Core will not compare DateTimeOffset text there. Stored times are kept as
    /// UTC text of one fixed width instead, which sorts and compares as the instants do, so <c>since</c>, <c>until</c> and
    /// a page's order are plain comparisons on an index.
    /// </summary>
    public static string StoredTimeText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffff'+00:00'", CultureInfo.InvariantCulture);

    private static readonly ValueConverter<DateTimeOffset, string> SortableUtcText = new(
        value => StoredTimeText(value),
        text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
}
