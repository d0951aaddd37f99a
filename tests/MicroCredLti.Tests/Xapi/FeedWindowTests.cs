using MicroCredLti.XapiCollector.Feed;

namespace MicroCredLti.Tests.Xapi;

/// <summary>The feed never lets a reader move past a sequence number that may still commit.</summary>
public sealed class FeedWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SettledBefore = Now.AddSeconds(-10);

    [Fact]
    public void Contiguous_statements_are_all_read()
    {
        FeedWindow.UpToFirstYoungGap([Row(1, Now), Row(2, Now), Row(3, Now)], after: 0, SettledBefore)
            .Select(s => s.Sequence).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Reading_stops_before_a_gap_whose_next_statement_is_recent()
    {
        FeedWindow.UpToFirstYoungGap([Row(5, Now), Row(7, Now), Row(8, Now)], after: 4, SettledBefore)
            .Select(s => s.Sequence).Should().Equal(5);
    }

    [Fact]
    public void A_gap_at_the_cursor_holds_everything_back_while_it_is_young()
    {
        FeedWindow.UpToFirstYoungGap([Row(6, Now)], after: 4, SettledBefore).Should().BeEmpty();
    }

    [Fact]
    public void A_settled_gap_left_by_a_rolled_back_insert_is_read_past()
    {
        FeedWindow.UpToFirstYoungGap([Row(5, Now.AddMinutes(-1)), Row(9, Now.AddMinutes(-1)), Row(10, Now)], after: 4, SettledBefore)
            .Select(s => s.Sequence).Should().Equal(5, 9, 10);
    }

    private static FeedStatement Row(long sequence, DateTimeOffset stored) =>
        new(sequence, Guid.NewGuid(), Guid.NewGuid(), "http://adlnet.gov/expapi/verbs/passed", "https://lms/course/1", null, false,
            stored, stored, "{}");
}
