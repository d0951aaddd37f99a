using MicroCredLti.CreditMapper.Awards;
using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.CreditMapper.Registrar;
using MicroCredLti.CreditMapper.Sweep;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace MicroCredLti.CreditMapper.Storage;

public sealed class CreditDbContext(DbContextOptions<CreditDbContext> options) : DbContext(options)
{
    public DbSet<CredentialProgram> Programs => Set<CredentialProgram>();
    public DbSet<ProgramRequirement> Requirements => Set<ProgramRequirement>();
    public DbSet<RequirementProgress> Progress => Set<RequirementProgress>();
    public DbSet<SweepCursor> Cursors => Set<SweepCursor>();
    public DbSet<Award> Awards => Set<Award>();
    public DbSet<RegistrarKey> RegistrarKeys => Set<RegistrarKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<CredentialProgram>(e =>
        {
            e.ToTable(CreditSchema.Programs);
            e.HasMany(p => p.Requirements).WithOne().HasForeignKey(r => r.ProgramId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ProgramRequirement>(e =>
        {
            e.ToTable(CreditSchema.Requirements);
            e.Property(r => r.Outcome).HasConversion<string>();
        });
        model.Entity<RequirementProgress>(e =>
        {
            e.ToTable(CreditSchema.Progress);
            e.HasKey(p => new { p.LearnerId, p.RequirementId });
        });
        model.Entity<SweepCursor>(e =>
        {
            e.ToTable(CreditSchema.Cursors);
            e.HasKey(c => c.Name);
            // A second sweep that read the same batch fails to move the cursor and rolls back what it wrote.
            e.Property(c => c.Position).IsConcurrencyToken();
        });
        model.Entity<Award>(e =>
        {
            e.ToTable(CreditSchema.Awards);
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedOnAdd();
        });
        model.Entity<RegistrarKey>(e =>
        {
            e.ToTable(CreditSchema.RegistrarKeys);
            e.HasKey(k => k.KeyId);
        });

        model.UseOpenIddict();
        model.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable(CreditSchema.OAuthApplications);
    }
}
