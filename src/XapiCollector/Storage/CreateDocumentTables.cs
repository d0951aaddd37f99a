using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Documents;

namespace MicroCredLti.XapiCollector.Storage;

[Migration(2026_11_25_10, "State, activity profile and agent profile documents; canonical activity definitions")]
internal sealed class CreateDocumentTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(XapiSchema.Documents)
            .WithColumn("key").AsString(64).PrimaryKey($"pk_{XapiSchema.Documents}")
            .WithColumn("owner").AsString(64).NotNullable().Indexed("ix_xapi_documents_owner")
            .WithColumn("kind").AsString(20).NotNullable()
            .WithColumn("activity_id").AsString(DocumentLimits.ActivityId).Nullable()
            .WithColumn("agent").AsString(DocumentLimits.Agent).Nullable()
            .WithColumn("registration").AsUuid(this).Nullable()
            .WithColumn("document_id").AsString(DocumentLimits.DocumentId).NotNullable()
            .WithColumn("content_type").AsString(DocumentLimits.ContentType).NotNullable()
            .WithColumn("content").AsBinary(int.MaxValue).NotNullable()
            .WithColumn("etag").AsString(40).NotNullable()
            .WithColumn("updated").AsUtcDateTime(this).NotNullable();

        Create.Table(XapiSchema.Activities)
            .WithColumn("key").AsString(64).PrimaryKey($"pk_{XapiSchema.Activities}")
            .WithColumn("activity_id").AsString(DocumentLimits.ActivityId).NotNullable()
            .WithColumn("definition").AsString(int.MaxValue).NotNullable()
            .WithColumn("updated").AsUtcDateTime(this).NotNullable();
    }

    public override void Down()
    {
        Delete.Table(XapiSchema.Activities);
        Delete.Table(XapiSchema.Documents);
    }
}
