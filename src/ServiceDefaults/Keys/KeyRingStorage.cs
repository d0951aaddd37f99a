using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>A key as stored: its private half protected with ASP.NET Data Protection, never in plain text.</summary>
internal sealed class StoredKey
{
    public required string KeyId { get; set; }
    public required string Purpose { get; set; }

    /// <summary>1, 2, 3… per purpose. Unique with the purpose, so two replicas cannot both add the same next key.</summary>
    public int Generation { get; set; }

    public required string Algorithm { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ActivatesAt { get; set; }
    public DateTimeOffset RetiresAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<StoredKey> Keys => Set<StoredKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StoredKey>(e =>
        {
            e.ToTable(KeyRingSchema.Keys);
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).HasMaxLength(100);
            e.Property(k => k.Purpose).HasMaxLength(100);
            e.Property(k => k.Algorithm).HasMaxLength(20);
            e.HasIndex(k => new { k.Purpose, k.Generation }).IsUnique();
        });
        model.Entity<DataProtectionKey>(e =>
        {
            e.ToTable(KeyRingSchema.DataProtectionKeys);
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });
    }
}

internal static class KeyRingSchema
{
    public const string Keys = "keyring_keys";
    public const string DataProtectionKeys = "keyring_data_protection_keys";

    public static readonly ModuleSchema Schema = new("keyring", "keyring_schema_versions", [typeof(CreateKeyRingTables)]);
}

[Migration(2026_11_25_01, "Signing and encryption keys; the Data Protection key ring")]
internal sealed class CreateKeyRingTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(KeyRingSchema.Keys)
            .WithColumn("key_id").AsString(100).PrimaryKey($"pk_{KeyRingSchema.Keys}")
            .WithColumn("purpose").AsString(100).NotNullable()
            .WithColumn("generation").AsInt32().NotNullable()
            .WithColumn("algorithm").AsString(20).NotNullable()
            .WithColumn("protected_private_key").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable()
            .WithColumn("activates_at").AsTimestamp(this).NotNullable()
            .WithColumn("retires_at").AsTimestamp(this).NotNullable()
            .WithColumn("expires_at").AsTimestamp(this).NotNullable();
        Create.Index("ix_keyring_keys_purpose_generation").OnTable(KeyRingSchema.Keys)
            .OnColumn("purpose").Ascending().OnColumn("generation").Ascending().WithOptions().Unique();

        Create.Table(KeyRingSchema.DataProtectionKeys)
            .WithColumn("id").AsInt32().PrimaryKey($"pk_{KeyRingSchema.DataProtectionKeys}").Identity()
            .WithColumn("friendly_name").AsString(200).Nullable()
            .WithColumn("xml").AsString(int.MaxValue).Nullable();
    }

    public override void Down()
    {
        Delete.Table(KeyRingSchema.DataProtectionKeys);
        Delete.Table(KeyRingSchema.Keys);
    }
}
