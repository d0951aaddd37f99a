using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.CreditMapper.Storage;

/// <summary>The mapper's tables, all named <c>credit_…</c>.</summary>
internal static class CreditSchema
{
    public const string Programs = "credit_programs";
    public const string Requirements = "credit_program_requirements";
    public const string Progress = "credit_requirement_progress";
    public const string Cursors = "credit_sweep_cursors";
    public const string Awards = "credit_awards";
    public static readonly ModuleSchema Schema = new("credit", "credit_schema_versions", [typeof(CreateCreditTables), typeof(AddAwardRevocation)]);
}

[Migration(2026_11_23_01, "Programs, progress and awards")]
internal sealed class CreateCreditTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(CreditSchema.Programs)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Programs}")
            .WithColumn("slug").AsString(200).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("description").AsString(4000).Nullable()
            .WithColumn("credits").AsExactDecimal(this, 9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();
        // Unique indexes are created on their own, not with the column's .Unique(): on SQLite that would add a UNIQUE
        // constraint, a second index, besides the named one.
        Create.Index("ux_credit_programs_slug").OnTable(CreditSchema.Programs).OnColumn("slug").Ascending().WithOptions().Unique();

        Create.Table(CreditSchema.Requirements)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Requirements}")
            .WithColumn("program_id").AsUuid(this).NotNullable().Indexed("ix_credit_program_requirements_program_id")
                .ForeignKey("fk_credit_program_requirements_credit_programs_program_id", CreditSchema.Programs, "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("activity_id").AsString(2000).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("outcome").AsString(20).NotNullable()
            .WithColumn("min_scaled_score").AsFloat(this).Nullable()
            .WithColumn("proctored").AsBoolean().NotNullable();

        Create.Table(CreditSchema.Progress)
            .WithColumn("learner_id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Progress}")
            .WithColumn("requirement_id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Progress}")
            .WithColumn("pass_statement_id").AsUuid(this).Nullable()
            .WithColumn("scaled_score").AsFloat(this).Nullable()
            .WithColumn("passed_at").AsTimestamp(this).Nullable()
            .WithColumn("proctoring_statement_id").AsUuid(this).Nullable();

        Create.Table(CreditSchema.Cursors)
            .WithColumn("name").AsString(100).PrimaryKey($"pk_{CreditSchema.Cursors}")
            .WithColumn("position").AsInt64().NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();

        Create.Table(CreditSchema.Awards)
            .WithColumn("sequence").AsInt64().PrimaryKey($"pk_{CreditSchema.Awards}").Identity()
            .WithColumn("id").AsUuid(this).NotNullable()
            .WithColumn("program_id").AsUuid(this).NotNullable()
                .ForeignKey("fk_credit_awards_credit_programs_program_id", CreditSchema.Programs, "id")
            .WithColumn("learner_id").AsUuid(this).NotNullable()
            .WithColumn("credits").AsExactDecimal(this, 9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("awarded_at").AsTimestamp(this).NotNullable()
            .WithColumn("evidence").AsString(int.MaxValue).NotNullable();
        Create.Index("ux_credit_awards_id").OnTable(CreditSchema.Awards).OnColumn("id").Ascending().WithOptions().Unique();
        // The guarantee behind "exactly once": one award per program and learner, whatever runs twice.
        Create.Index("ux_credit_awards_program_learner").OnTable(CreditSchema.Awards)
            .OnColumn("program_id").Ascending().OnColumn("learner_id").Ascending().WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Table(CreditSchema.Awards);
        Delete.Table(CreditSchema.Cursors);
        Delete.Table(CreditSchema.Progress);
        Delete.Table(CreditSchema.Requirements);
        Delete.Table(CreditSchema.Programs);
    }
}

[Migration(2026_11_25_60, "Awards can be revoked, with a reason")]
internal sealed class AddAwardRevocation : PortableMigration
{
    public override void Up()
    {
        Alter.Table(CreditSchema.Awards).AddColumn("revoked_at").AsTimestamp(this).Nullable();
        Alter.Table(CreditSchema.Awards).AddColumn("revocation_reason").AsString(500).Nullable();
    }

    public override void Down()
    {
        Delete.Column("revocation_reason").FromTable(CreditSchema.Awards);
        Delete.Column("revoked_at").FromTable(CreditSchema.Awards);
    }
}
