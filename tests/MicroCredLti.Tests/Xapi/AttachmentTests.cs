using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using MicroCredLti.XapiCollector.Attachments;
using Microsoft.Extensions.DependencyInjection;
using static MicroCredLti.Tests.Infrastructure.StatementParts;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Attachments (xAPI 1.0.3 Part Two 2.4.11, Part Three 1.5.2): content travels in the parts of a multipart/mixed request,
/// each part announced by the SHA-2 of its content; the LRS stores the content with its statements, or refuses the whole
/// request and stores nothing.
/// </summary>
public sealed class AttachmentTests(SharedHost host) : IClassFixture<SharedHost>, IAsyncLifetime
{
    private const string Moodle = "https://moodle.example.edu";

    // Content of this test's own, so that what other tests stored in the shared database does not count.
    private readonly byte[] Certificate = Encoding.UTF8.GetBytes($"Certificate of completion {Guid.NewGuid()}: Ada, Graduate Statistics I");
    private (int Statements, int Attachments) before;

    private ToolHost Tool => host.Tool;

    public async Task InitializeAsync() => before = (await Tool.StatementCountAsync(), await Tool.AttachmentCountAsync());

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonObject Statement() => Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");

    private HttpClient Lrs(string version = "1.0.3") => Tool.CreateClient().WithLrsHeaders(version: version);

    private async Task<AttachmentContent?> StoredContentAsync(string sha2)
    {
        using var scope = Tool.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AttachmentStore>().FindAsync(sha2);
    }

    [Theory]
    [InlineData("1.0.3")]
    [InlineData("2.0.0")]
    public async Task A_statement_and_its_attachment_part_are_stored_together(string version)
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate, "application/pdf"));

        var response = await Lrs(version).PostAsync("/xapi/statements", Multipart(Batch(statement), new Part(Certificate, "application/pdf")));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await StoredContentAsync(Sha256(Certificate));
        stored!.Content.Should().Equal(Certificate);
        stored.ContentType.Should().Be("application/pdf");
        (await Tool.StatementCountAsync()).Should().Be(before.Statements + 1);
    }

    [Fact]
    public async Task A_single_statement_put_with_its_attachment_part_is_stored()
    {
        var id = Guid.NewGuid();
        var statement = Statement().Without("id").WithAttachments(AttachmentFor(Certificate));

        var response = await Lrs().PutAsync($"/xapi/statements?statementId={id}", Multipart(statement.DeepClone(), new Part(Certificate)));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        (await StoredContentAsync(Sha256(Certificate))).Should().NotBeNull();
    }

    [Fact]
    public async Task Content_shared_by_several_statements_and_requests_is_stored_once()
    {
        var first = Statement().WithAttachments(AttachmentFor(Certificate));
        var second = Statement().WithAttachments(AttachmentFor(Certificate));

        (await Lrs().PostAsync("/xapi/statements", Multipart(Batch(first, second), new Part(Certificate)))).StatusCode.Should().Be(HttpStatusCode.OK);
        var third = Statement().WithAttachments(AttachmentFor(Certificate));
        (await Lrs().PostAsync("/xapi/statements", Multipart(Batch(third), new Part(Certificate)))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Tool.AttachmentCountAsync()).Should().Be(before.Attachments + 1);
        (await Tool.StatementCountAsync()).Should().Be(before.Statements + 3);
        using var scope = Tool.Services.CreateScope();
        var found = await scope.ServiceProvider.GetRequiredService<AttachmentStore>().FindAllAsync([Sha256(Certificate), Sha256("never sent"u8.ToArray())]);
        found.Keys.Should().Equal(Sha256(Certificate));
    }

    [Theory]
    [InlineData(48)]
    [InlineData(64)]
    public async Task Parts_hashed_with_SHA_384_or_SHA_512_are_accepted(int hashBytes)
    {
        var hash = Convert.ToHexStringLower(hashBytes == 48 ? SHA384.HashData(Certificate) : SHA512.HashData(Certificate));
        var attachment = AttachmentFor(Certificate);
        attachment["sha2"] = hash;

        var response = await Lrs().PostAsync("/xapi/statements", Multipart(Batch(Statement().WithAttachments(attachment)), new Part(Certificate, Hash: hash)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await StoredContentAsync(hash.ToUpperInvariant())).Should().NotBeNull("a digest names its content in either case");
    }

    [Fact]
    public async Task An_attachment_with_a_fileUrl_needs_no_part()
    {
        var attachment = AttachmentFor(Certificate);
        attachment["fileUrl"] = "https://moodle.example.edu/certificates/7.pdf";
        var statement = Statement().WithAttachments(attachment);

        (await new LrsClient(Tool.CreateClient()).PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Lrs().PostAsync("/xapi/statements", Multipart(Batch(Statement().WithAttachments(attachment))))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Tool.AttachmentCountAsync()).Should().Be(before.Attachments);
    }

    [Fact]
    public async Task A_multipart_request_without_attachments_is_a_plain_statement_request()
    {
        var response = await Lrs("2.0.0").PostAsync("/xapi/statements", Multipart(Batch(Statement())));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_attachment_without_a_fileUrl_sent_as_plain_json_is_refused()
    {
        var response = await new LrsClient(Tool.CreateClient()).PostAsync(Statement().WithAttachments(AttachmentFor(Certificate)));

        (await response.ShouldBeProblemAsync(XapiProblems.AttachmentMismatch)).ShouldNameErrorAt("$.attachments[0]");
        await NothingIsStoredAsync();
    }

    [Fact]
    public async Task An_attachment_whose_part_is_missing_is_refused()
    {
        var other = Encoding.UTF8.GetBytes("another file");
        var statement = Statement().WithAttachments(AttachmentFor(Certificate), AttachmentFor(other));

        var response = await Lrs().PostAsync("/xapi/statements", Multipart(Batch(statement), new Part(Certificate)));

        (await response.ShouldBeProblemAsync(XapiProblems.AttachmentMismatch)).ShouldNameErrorAt("$.attachments[1]");
        await NothingIsStoredAsync();
    }

    [Fact]
    public async Task A_part_that_belongs_to_no_attachment_is_refused()
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));

        var response = await Lrs().PostAsync("/xapi/statements",
            Multipart(Batch(statement), new Part(Certificate), Part.Text("an excess part")));

        (await response.ShouldBeProblemAsync(XapiProblems.AttachmentMismatch)).ShouldNameErrorAt("part[2]");
        await NothingIsStoredAsync();
    }

    [Fact]
    public async Task A_part_whose_content_does_not_have_its_announced_hash_is_refused()
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));
        var tampered = Certificate.Select(b => b).ToArray();
        tampered[0] ^= 0xFF;

        var response = await Lrs().PostAsync("/xapi/statements", Multipart(Batch(statement), new Part(tampered, Hash: Sha256(Certificate))));

        (await response.ShouldBeProblemAsync(XapiProblems.AttachmentMismatch)).ShouldNameErrorAt("part[1]");
        await NothingIsStoredAsync();
    }

    [Fact]
    public async Task A_part_announcing_a_hash_no_attachment_has_is_refused()
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));
        var other = Encoding.UTF8.GetBytes("not the certificate");

        var response = await Lrs().PostAsync("/xapi/statements", Multipart(Batch(statement), new Part(other)));

        (await response.ShouldBeProblemAsync(XapiProblems.AttachmentMismatch)).ShouldNameErrorAt("part[1]").ShouldNameErrorAt("$.attachments[0]");
        await NothingIsStoredAsync();
    }

    [Theory]
    [InlineData(null, "binary")]
    [InlineData("", "base64")]
    [InlineData("", null)]
    public async Task An_attachment_part_without_its_hash_header_or_sent_other_than_binary_is_refused(string? hash, string? transferEncoding)
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));

        var response = await Lrs().PostAsync("/xapi/statements",
            Multipart(Batch(statement), new Part(Certificate, Hash: hash, TransferEncoding: transferEncoding)));

        (await response.ShouldBeProblemAsync(XapiProblems.MultipartMalformed)).ShouldNameErrorAt("part[1]");
        await NothingIsStoredAsync();
    }

    [Fact]
    public async Task A_first_part_that_is_not_json_is_refused()
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));

        var response = await Lrs().PostAsync("/xapi/statements",
            Multipart(Batch(statement).ToJsonString(), "text/plain", new Part(Certificate)));

        (await response.ShouldBeProblemAsync(XapiProblems.MultipartMalformed)).ShouldNameErrorAt("part[0]");
    }

    [Fact]
    public async Task Statements_split_over_two_json_parts_are_refused()
    {
        var statement = Statement().WithAttachments(AttachmentFor(Certificate));

        var response = await Lrs().PostAsync("/xapi/statements",
            Multipart(Batch(statement), new Part(Encoding.UTF8.GetBytes(statement.ToJsonString()), "application/json", Hash: null), new Part(Certificate)));

        (await response.ShouldBeProblemAsync(XapiProblems.MultipartMalformed)).ShouldNameErrorAt("part[1]");
    }

    [Fact]
    public async Task A_multipart_request_without_a_boundary_is_refused()
    {
        var content = Multipart(Batch(Statement().WithAttachments(AttachmentFor(Certificate))), new Part(Certificate));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed");

        var response = await Lrs().PostAsync("/xapi/statements", content);

        await response.ShouldBeProblemAsync(XapiProblems.MultipartMalformed);
    }

    [Fact]
    public async Task A_body_whose_parts_are_not_delimited_by_the_announced_boundary_is_refused()
    {
        var content = Multipart(Batch(Statement().WithAttachments(AttachmentFor(Certificate))), new Part(Certificate));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=another-boundary");

        var response = await Lrs().PostAsync("/xapi/statements", content);

        await response.ShouldBeProblemAsync(XapiProblems.MultipartMalformed);
    }

    [Fact]
    public async Task Attachments_sent_as_multipart_form_data_are_refused()
    {
        var content = Multipart(Batch(Statement().WithAttachments(AttachmentFor(Certificate))), new Part(Certificate));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");

        var response = await Lrs().PostAsync("/xapi/statements", content);

        await response.ShouldBeProblemAsync(XapiProblems.ContentTypeUnsupported);
    }

    [Fact]
    public async Task A_batch_refused_for_another_statement_stores_no_attachment()
    {
        var good = Statement().WithAttachments(AttachmentFor(Certificate));
        var bad = Statement().With("verb.id", "completed");

        var response = await Lrs().PostAsync("/xapi/statements", Multipart(Batch(good, bad), new Part(Certificate)));

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$[1].verb.id");
        await NothingIsStoredAsync();
    }

    private async Task NothingIsStoredAsync()
    {
        (await Tool.StatementCountAsync()).Should().Be(before.Statements);
        (await Tool.AttachmentCountAsync()).Should().Be(before.Attachments);
    }
}
