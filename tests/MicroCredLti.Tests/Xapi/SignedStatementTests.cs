using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static MicroCredLti.Tests.Infrastructure.StatementParts;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Signed statements (xAPI 1.0.3 Part Two 2.6): the signature is a JWS attachment whose payload is the statement as it
/// was signed. The LRS stores a well-formed signature with its statement and refuses a malformed one with a 400.
/// </summary>
public sealed class SignedStatementTests(SharedHost host) : IClassFixture<SharedHost>
{
    private const string Moodle = "https://moodle.example.edu";
    private const string SignatureUsage = "http://adlnet.gov/expapi/attachments/signature";

    private static readonly RSA SignerKey = RSA.Create(2048);
    private static readonly X509Certificate2 SignerCertificate = SelfSigned(SignerKey, "CN=Moodle statement signer");

    private static JsonObject Statement() => (JsonObject)Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7").DeepClone();

    private static string Sign(JsonObject payload, string algorithm = SecurityAlgorithms.RsaSha256, X509Certificate2? x5c = null, RSA? key = null)
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(key ?? SignerKey), algorithm);
        var header = x5c is null ? new Dictionary<string, object>() : new Dictionary<string, object> { ["x5c"] = new[] { Convert.ToBase64String(x5c.RawData) } };
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, header);
    }

    /// <summary>The statement as sent: with the signature attachment added after signing, and the JWS as its part.</summary>
    private static HttpContent Signed(JsonObject statement, string jws, string contentType = "application/octet-stream")
    {
        var signature = Encoding.ASCII.GetBytes(jws);
        var sent = ((JsonObject)statement.DeepClone()).WithAttachments(AttachmentFor(signature, contentType, SignatureUsage));
        return Multipart(Batch(sent), new Part(signature, contentType));
    }

    private Task<HttpResponseMessage> PostAsync(HttpContent content, string version = "1.0.3") =>
        host.Tool.CreateClient().WithLrsHeaders(version: version).PostAsync("/xapi/statements", content);

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task A_statement_signed_with_RS256_RS384_or_RS512_is_stored_with_its_signature(string algorithm)
    {
        var statement = Statement();
        var jws = Sign(statement, algorithm);

        var response = await PostAsync(Signed(statement, jws));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = JsonNode.Parse(await host.Tool.CreateClient().WithLrsHeaders().GetStringAsync($"/xapi/statements?statementId={statement["id"]}"))!;
        stored["attachments"]![0]!["usageType"]!.GetValue<string>().Should().Be(SignatureUsage);
    }

    [Fact]
    public async Task A_signature_is_verified_with_the_certificate_in_its_x5c_header()
    {
        var statement = Statement();

        var response = await PostAsync(Signed(statement, Sign(statement, x5c: SignerCertificate)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signature_the_x5c_certificate_does_not_verify_is_refused()
    {
        var statement = Statement();
        using var impostorKey = RSA.Create(2048);
        var jws = Sign(statement, x5c: SignerCertificate, key: impostorKey);

        var response = await PostAsync(Signed(statement, jws));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
    }

    [Fact]
    public async Task A_signature_whose_x5c_is_not_a_certificate_is_refused()
    {
        var statement = Statement();
        var credentials = new SigningCredentials(new RsaSecurityKey(SignerKey), SecurityAlgorithms.RsaSha256);
        var jws = new JsonWebTokenHandler().CreateToken(statement.ToJsonString(), credentials,
            new Dictionary<string, object> { ["x5c"] = new[] { "bm90IGEgY2VydGlmaWNhdGU=" } });

        var response = await PostAsync(Signed(statement, jws));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
    }

    [Fact]
    public async Task A_signature_with_another_algorithm_than_RSA_SHA_is_refused()
    {
        var statement = Statement();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256);
        var jws = new JsonWebTokenHandler().CreateToken(statement.ToJsonString(), credentials);

        var response = await PostAsync(Signed(statement, jws));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
        (await host.Tool.CreateClient().WithLrsHeaders().GetAsync($"/xapi/statements?statementId={statement["id"]}"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_statement_that_differs_from_the_signed_payload_is_refused()
    {
        var statement = Statement();
        var jws = Sign(statement);
        var altered = ((JsonObject)statement.DeepClone()).With("verb.id", "http://adlnet.gov/expapi/verbs/passed");

        var response = await PostAsync(Signed(altered, jws));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
    }

    [Theory]
    [InlineData("not a JWS at all")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eydhY3RvciI6.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.ImEgc3RyaW5nIg.c2ln")]
    public async Task A_signature_that_is_not_a_JWS_of_a_statement_is_refused(string jws)
    {
        var response = await PostAsync(Signed(Statement(), jws));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
    }

    [Fact]
    public async Task A_signature_attachment_that_is_not_application_octet_stream_is_refused()
    {
        var statement = Statement();

        var response = await PostAsync(Signed(statement, Sign(statement), "text/plain; charset=ascii"));

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$.attachments[0].contentType");
    }

    [Fact]
    public async Task A_signature_referenced_by_fileUrl_instead_of_sent_is_refused()
    {
        var statement = Statement();
        var signature = AttachmentFor(Encoding.ASCII.GetBytes(Sign(statement)), "application/octet-stream", SignatureUsage);
        signature["fileUrl"] = "https://moodle.example.edu/signatures/1.jws";

        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(((JsonObject)statement.DeepClone()).WithAttachments(signature));

        (await response.ShouldBeProblemAsync(XapiProblems.SignatureInvalid)).ShouldNameErrorAt("$.attachments[0]");
    }

    [Fact]
    public async Task What_the_LRS_assigns_and_how_it_is_serialized_are_no_difference_from_the_signed_statement()
    {
        // Signed before the client gave it an id and a timestamp in UTC; sent with both, the timestamp in another offset,
        // the group's members in another order and a single context activity without its array (Data 2.3.1).
        var signed = Statement().Without("id")
            .With("timestamp", "2026-11-25T12:00:00+01:00")
            .With("actor", JsonNode.Parse("""{"objectType": "Group", "member": [{"mbox": "mailto:a@example.edu"}, {"mbox": "mailto:b@example.edu"}]}"""));
        var sent = ((JsonObject)signed.DeepClone())
            .With("id", Guid.NewGuid().ToString())
            .With("timestamp", "2026-11-25T11:00:00Z")
            .With("actor.member", JsonNode.Parse("""[{"mbox": "mailto:b@example.edu"}, {"mbox": "mailto:a@example.edu"}]"""))
            .With("context.contextActivities.category", signed["context"]!["contextActivities"]!["category"]![0]!.DeepClone());

        var response = await PostAsync(Signed(sent, Sign(signed)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("2.0.0", HttpStatusCode.OK)]
    [InlineData("1.0.3", HttpStatusCode.BadRequest)]
    public async Task Under_xAPI_2_a_duration_is_compared_with_its_signed_value_to_the_hundredth_of_a_second(string version, HttpStatusCode expected)
    {
        var signed = Statement().With("result.duration", "P1DT12H36M0.12S");
        var sent = ((JsonObject)signed.DeepClone()).With("result.duration", "P1DT12H36M0.1237S");

        var response = await PostAsync(Signed(sent, Sign(signed)), version);

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }

    private static X509Certificate2 SelfSigned(RSA key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
