using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Storage;

public sealed class XapiDbContext(DbContextOptions<XapiDbContext> options) : DbContext(options)
{
    public DbSet<StoredStatement> Statements => Set<StoredStatement>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<LearnerAccount> LearnerAccounts => Set<LearnerAccount>();
    public DbSet<LrsCredential> Credentials => Set<LrsCredential>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StoredStatement>(e =>
        {
            e.ToTable(XapiSchema.Statements);
            e.HasKey(s => s.Sequence);
            e.Property(s => s.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(s => s.StatementId).IsUnique();
        });
        model.Entity<Learner>(e =>
        {
            e.ToTable(XapiSchema.Learners);
            e.HasKey(l => l.Id);
        });
        model.Entity<LearnerAccount>(e =>
        {
            e.ToTable(XapiSchema.LearnerAccounts);
            e.HasKey(a => a.Identifier);
        });
        model.Entity<LrsCredential>(e =>
        {
            e.ToTable(XapiSchema.Credentials);
            e.HasKey(c => c.Key);
        });
    }
}
