using MicroCredLti.XapiCollector.Statements;

namespace MicroCredLti.Tests.Xapi;

/// <summary>The string formats xAPI values follow, as the collector reads them (xAPI 1.0.3 Part Two 2.2 and 4.0).</summary>
public sealed class XapiFormatsTests
{
    [Theory]
    [InlineData("http://adlnet.gov/expapi/verbs/completed")]
    [InlineData("https://moodle.example.edu/mod/quiz/view.php?id=4&attempt=2#q1")]
    [InlineData("urn:uuid:ec9b6c2b-9f3e-4d0e-b1a4-3f2d1c0b9a87")]
    [InlineData("tag:example.edu,2026:course/1")]
    [InlineData("https://例え.jp/活動/1")]
    [InlineData("http://example.com/caf%C3%A9")]
    public void Absolute_IRIs_with_a_scheme_are_IRIs(string iri) => XapiFormats.IsIri(iri).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("passed")]
    [InlineData("ec9b6c2b-9f3e-4d0e-b1a4-3f2d1c0b9a87")]
    [InlineData("/course/1")]
    [InlineData("ab=c://should.fail.com")]
    [InlineData("should fail")]
    [InlineData("http://exa mple.com/")]
    [InlineData("http://")]
    [InlineData("http:///path")]
    [InlineData("http://example.com/<script>")]
    [InlineData("http://example.com/100%")]
    [InlineData("C:\\courses\\1")]
    public void Values_without_a_scheme_or_with_characters_IRIs_never_hold_are_not_IRIs(string value) =>
        XapiFormats.IsIri(value).Should().BeFalse();

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hans-CN")]
    [InlineData("sr-Latn-RS")]
    [InlineData("cmn")]
    [InlineData("ase")]
    [InlineData("es-419")]
    [InlineData("sl-rozaj-biske")]
    [InlineData("de-CH-1996")]
    [InlineData("en-a-bbb-x-a-ccc")]
    [InlineData("x-whatever")]
    [InlineData("i-klingon")]
    [InlineData("EN-us")]
    public void Well_formed_RFC_5646_tags_are_language_tags(string tag) => XapiFormats.IsLanguageTag(tag).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("a12345")]
    [InlineData("a12345678")]
    [InlineData("something")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("-en")]
    [InlineData("e")]
    [InlineData("en-US-")]
    [InlineData("zh-z-aaa-z-bbb-c-ccc")]
    [InlineData("de-1996-1996")]
    [InlineData("en-x")]
    public void Tags_that_break_the_RFC_5646_grammar_are_not_language_tags(string tag) => XapiFormats.IsLanguageTag(tag).Should().BeFalse();

    [Theory]
    [InlineData("PT1H0M0.1S")]
    [InlineData("PT4H35M59.14S")]
    [InlineData("PT16559.14S")]
    [InlineData("P3Y1M29DT4H35M59.14S")]
    [InlineData("P3Y")]
    [InlineData("P4W")]
    [InlineData("PT0S")]
    [InlineData("PT03M15S")]
    [InlineData("P1DT12H36M0.12567S")]
    [InlineData("PT1,5S")]
    public void ISO_8601_durations_in_the_designator_format_are_durations(string duration) => XapiFormats.IsDuration(duration).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("PT5")]
    [InlineData("P4W1D")]
    [InlineData("PA1H0M0S")]
    [InlineData("P1DT")]
    [InlineData("PT1.5H30M")]
    [InlineData("P0003-06-04T12:30:05")]
    [InlineData("1 hour")]
    [InlineData("pt1h")]
    [InlineData("PT-1S")]
    public void Other_strings_are_not_durations(string value) => XapiFormats.IsDuration(value).Should().BeFalse();

    [Theory]
    [InlineData("2026-11-25T10:15:30Z")]
    [InlineData("2026-11-25T10:15:30.123Z")]
    [InlineData("2026-11-25T10:15:30.123456+01:00")]
    [InlineData("2008-09-15T15:53:00.601+00:00")]
    [InlineData("2008-09-15T15:53:00.601+0000")]
    [InlineData("2026-11-25T10:15:30-05:00")]
    [InlineData("2026-11-25t10:15:30z")]
    public void RFC_3339_date_times_with_an_offset_are_timestamps(string timestamp) => XapiFormats.IsTimestamp(timestamp).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("should fail")]
    [InlineData("01/011/2015")]
    [InlineData("2026-11-25T10:15:30")]
    [InlineData("2026-11-25")]
    [InlineData("2026-11-25 10:15:30Z")]
    [InlineData("2026-02-30T10:15:30Z")]
    [InlineData("2026-11-25T25:15:30Z")]
    [InlineData("2008-09-15T15:53:00.601-00")]
    [InlineData("2008-09-15T15:53:00.601-0000")]
    [InlineData("2008-09-15T15:53:00.601-00:00")]
    [InlineData("Wed, 25 Nov 2026 10:15:30 +00:00")]
    public void Dates_without_an_offset_with_the_unknown_offset_or_in_other_formats_are_not_timestamps(string value) =>
        XapiFormats.IsTimestamp(value).Should().BeFalse();

    [Theory]
    [InlineData("1.0", XapiVersion.V1_0_3, true)]
    [InlineData("1.0.0", XapiVersion.V1_0_3, true)]
    [InlineData("1.0.9", XapiVersion.V1_0_3, true)]
    [InlineData("2.0.0", XapiVersion.V1_0_3, false)]
    [InlineData("2.0.0", XapiVersion.V2_0_0, true)]
    [InlineData("1.0.3", XapiVersion.V2_0_0, true)]
    [InlineData("1.0garbage", XapiVersion.V1_0_3, false)]
    [InlineData("1.1.0", XapiVersion.V1_0_3, false)]
    [InlineData("0.9.9", XapiVersion.V2_0_0, false)]
    [InlineData("2.1.0", XapiVersion.V2_0_0, false)]
    public void A_statement_version_is_1_0_x_and_under_xAPI_2_also_2_0_x(string version, XapiVersion request, bool valid) =>
        XapiFormats.IsStatementVersion(version, request).Should().Be(valid);

    [Theory]
    [InlineData("aa97b177-9383-4934-8543-0f91a7a02836", true)]
    [InlineData("AA97B177-9383-4934-8543-0F91A7A02836", true)]
    [InlineData("{aa97b177-9383-4934-8543-0f91a7a02836}", false)]
    [InlineData("(aa97b177-9383-4934-8543-0f91a7a02836)", false)]
    [InlineData("aa97b1779383493485430f91a7a02836", false)]
    [InlineData("AA97B177-9383-4934-8543-0F91A7A028368", false)]
    [InlineData("MA97B177-9383-4934-8543-0F91A7A02836", false)]
    public void Only_the_hyphenated_form_is_a_UUID(string value, bool valid) => XapiFormats.IsUuid(value).Should().Be(valid);

    [Theory]
    [InlineData("mailto:ada@example.edu", true)]
    [InlineData("mailto:should.fail.com", false)]
    [InlineData("http://should.fail.com", false)]
    [InlineData("ada@example.edu", false)]
    [InlineData("mailto:", false)]
    [InlineData("mailto:ada@example.edu,bob@example.edu", false)]
    public void An_mbox_is_a_mailto_IRI_of_one_address(string value, bool valid) => XapiFormats.IsMailtoIri(value).Should().Be(valid);

    [Theory]
    [InlineData("text/plain; charset=ascii", true)]
    [InlineData("application/octet-stream", true)]
    [InlineData("image/jpeg", true)]
    [InlineData("should fail", false)]
    [InlineData("", false)]
    [InlineData("text/", false)]
    public void An_attachment_content_type_is_an_internet_media_type(string value, bool valid) => XapiFormats.IsMediaType(value).Should().Be(valid);
}
