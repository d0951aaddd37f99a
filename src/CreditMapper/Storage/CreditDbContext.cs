using MicroCredLti.CreditMapper.Awards;
using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.CreditMapper.Sweep;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.CreditMapper.Storage;

/// <summary>The mapper's tables as EF Core maps them; <see cref="CreditSchema"/>'s migration creates them.</summary>
internal sealed class CreditDbContext(DbContextOptions<CreditDbContext> options) : DbContext(options)
{
    public DbSet<CredentialProgram> Programs => Set<CredentialProgram>();
    public DbSet<ProgramRequirement> Requirements => Set<ProgramRequirement>();
    public DbSet<RequirementProgress> Progress => Set<RequirementProgress>();
    public DbSet<SweepCursor> Cursors => Set<SweepCursor>();
    public DbSet<Award> Awards => Set<Award>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<CredentialProgram>(e =>
        {
            e.ToTable(CreditSchema.Programs);
            e.HasIndex(p => p.Slug).IsUnique().HasDatabaseName("ux_credit_programs_slug");
            e.Property(p => p.Slug).HasMaxLength(200);
            e.Property(p => p.Title).HasMaxLength(500);
            e.Property(p => p.Description).HasMaxLength(4000);
            e.Property(p => p.Credits).HasPrecision(9, 2);
            e.Property(p => p.CreditUnit).HasMaxLength(50);
            e.Property(p => p.Level).HasMaxLength(200);
            e.HasMany(p => p.Requirements).WithOne().HasForeignKey(r => r.ProgramId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ProgramRequirement>(e =>
        {
            e.ToTable(CreditSchema.Requirements);
            e.Property(r => r.ActivityId).HasMaxLength(2000);
            e.Property(r => r.Title).HasMaxLength(500);
            e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
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
            e.Property(c => c.Name).HasMaxLength(100);
            // A second sweep that read the same batch fails to move the cursor and rolls back what it wrote.
            e.Property(c => c.Position).IsConcurrencyToken();
        });
        model.Entity<Award>(e =>
        {
            e.ToTable(CreditSchema.Awards);
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(a => a.Id).IsUnique().HasDatabaseName("ux_credit_awards_id");
            e.HasIndex(a => new { a.ProgramId, a.LearnerId }).IsUnique().HasDatabaseName("ux_credit_awards_program_learner");
            e.HasOne<CredentialProgram>().WithMany().HasForeignKey(a => a.ProgramId).OnDelete(DeleteBehavior.Restrict);
            e.Property(a => a.Credits).HasPrecision(9, 2);
            e.Property(a => a.CreditUnit).HasMaxLength(50);
            e.Property(a => a.Level).HasMaxLength(200);
            e.Property(a => a.RevocationReason).HasMaxLength(Award.MaxReasonLength);
        });
    }
}
