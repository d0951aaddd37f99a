using System.Globalization;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Documents;
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
            e.Property(s => s.ActorIfi).HasMaxLength(StatementIndex.KeyLength);
            e.HasIndex(s => new { s.ActorIfi, s.Sequence }).HasDatabaseName("ix_xapi_statements_actor_ifi_sequence");
            e.HasIndex(s => new { s.VerbId, s.Sequence }).HasDatabaseName("ix_xapi_statements_verb_id_sequence");
            e.HasIndex(s => new { s.Registration, s.Sequence }).HasDatabaseName("ix_xapi_statements_registration_sequence");
            e.HasIndex(s => s.Stored).HasDatabaseName("ix_xapi_statements_stored");
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
            // The key leads with the activity: it is the index an activity filter walks, in sequence order.
            e.HasKey(a => new { a.ActivityId, a.Sequence, a.Relation }).HasName($"pk_{XapiSchema.StatementActivities}");
            e.Property(a => a.ActivityId).HasMaxLength(StatementIndex.KeyLength);
            e.Property(a => a.Relation).HasConversion<short>();
        });
        model.Entity<StatementAgent>(e =>
        {
            e.ToTable(XapiSchema.StatementAgents);
            e.HasKey(a => new { a.AgentIfi, a.Sequence, a.Relation }).HasName($"pk_{XapiSchema.StatementAgents}");
            e.Property(a => a.AgentIfi).HasMaxLength(StatementIndex.KeyLength);
            e.Property(a => a.Relation).HasConversion<short>();
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
        model.Entity<StoredAttachment>(e =>
        {
            e.ToTable(XapiSchema.Attachments);
            e.HasKey(a => a.Sha2);
            e.Property(a => a.Sha2).HasMaxLength(128);
        });
    }

    /// <summary>
    /// SQLite has no timestamp type, and EF Core will not compare DateTimeOffset text there. Stored times are kept as
    /// UTC text of one fixed width instead, which sorts and compares as the instants do, so <c>since</c> and
    /// <c>until</c> are plain comparisons on an index.
    /// </summary>
    private static readonly ValueConverter<DateTimeOffset, string> SortableUtcText = new(
        value => value.UtcDateTime.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffff'+00:00'", CultureInfo.InvariantCulture),
        text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
}
