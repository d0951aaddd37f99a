using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>The collector's tables as EF Core maps them; <see cref="XapiSchema"/>'s migration creates them.</summary>
internal sealed class XapiDbContext(DbContextOptions<XapiDbContext> options) : DbContext(options)
{
    public DbSet<StoredStatement> Statements => Set<StoredStatement>();
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
}
