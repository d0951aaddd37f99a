using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroCredLti.XapiCollector.Model;

/// <summary>An xAPI statement (xAPI 1.0.3 / IEEE 9274.1.1 "2.0", Part Two, section 2.4).</summary>
public sealed class Statement
{
    public Guid? Id { get; set; }
    public Agent? Actor { get; set; }
    public Verb? Verb { get; set; }
    public StatementTarget? Object { get; set; }
    public Result? Result { get; set; }
    public Context? Context { get; set; }
    public string? Timestamp { get; set; }
    public string? Stored { get; set; }
    public Agent? Authority { get; set; }
    public string? Version { get; set; }
    public List<Attachment>? Attachments { get; set; }
}

/// <summary>An Agent or a Group, told apart by <see cref="ObjectType"/>.</summary>
public sealed class Agent
{
    public string? ObjectType { get; set; }
    public string? Name { get; set; }
    public string? Mbox { get; set; }

    [JsonPropertyName("mbox_sha1sum")]
    public string? MboxSha1Sum { get; set; }

    public string? Openid { get; set; }
    public Account? Account { get; set; }
    public List<Agent>? Member { get; set; }

    [JsonIgnore]
    public bool IsGroup => ObjectType == "Group";

    public static Agent ForAccount(string homePage, string name, string? displayName = null) =>
        new() { ObjectType = "Agent", Name = displayName, Account = new Account { HomePage = homePage, Name = name } };
}

public sealed class Account
{
    public string? HomePage { get; set; }
    public string? Name { get; set; }
}

public sealed class Verb
{
    public string? Id { get; set; }
    public Dictionary<string, string>? Display { get; set; }
}

/// <summary>
/// The statement's object: an Activity, Agent, Group, StatementRef or SubStatement. One shape holds them all,
/// so that unknown properties can still be refused strictly; the validator checks which fit the objectType.
/// </summary>
public sealed class StatementTarget
{
    public string? ObjectType { get; set; }
    public string? Id { get; set; }
    public ActivityDefinition? Definition { get; set; }

    public string? Name { get; set; }
    public string? Mbox { get; set; }

    [JsonPropertyName("mbox_sha1sum")]
    public string? MboxSha1Sum { get; set; }

    public string? Openid { get; set; }
    public Account? Account { get; set; }
    public List<Agent>? Member { get; set; }

    public Agent? Actor { get; set; }
    public Verb? Verb { get; set; }
    public StatementTarget? Object { get; set; }
    public Result? Result { get; set; }
    public Context? Context { get; set; }
    public string? Timestamp { get; set; }
    public List<Attachment>? Attachments { get; set; }

    [JsonIgnore]
    public string EffectiveObjectType => ObjectType ?? "Activity";

    public static StatementTarget ForActivity(string id, ActivityDefinition? definition = null) =>
        new() { ObjectType = "Activity", Id = id, Definition = definition };
}

public sealed class ActivityDefinition
{
    public Dictionary<string, string>? Name { get; set; }
    public Dictionary<string, string>? Description { get; set; }
    public string? Type { get; set; }
    public string? MoreInfo { get; set; }
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    public string? InteractionType { get; set; }
    public List<string>? CorrectResponsesPattern { get; set; }
    public List<InteractionComponent>? Choices { get; set; }
    public List<InteractionComponent>? Scale { get; set; }
    public List<InteractionComponent>? Source { get; set; }
    public List<InteractionComponent>? Target { get; set; }
    public List<InteractionComponent>? Steps { get; set; }
}

public sealed class InteractionComponent
{
    public string? Id { get; set; }
    public Dictionary<string, string>? Description { get; set; }
}

public sealed class Result
{
    public Score? Score { get; set; }
    public bool? Success { get; set; }
    public bool? Completion { get; set; }
    public string? Response { get; set; }
    public string? Duration { get; set; }
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

public sealed class Score
{
    public double? Scaled { get; set; }
    public double? Raw { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
}

public sealed class Context
{
    public Guid? Registration { get; set; }
    public Agent? Instructor { get; set; }
    public Agent? Team { get; set; }
    public ContextActivities? ContextActivities { get; set; }
    public string? Revision { get; set; }
    public string? Platform { get; set; }
    public string? Language { get; set; }
    public StatementTarget? Statement { get; set; }
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    // xAPI 2.0 additions (IEEE 9274.1.1, 2.4.6): accepted from 2.0 requests only.
    public List<ContextAgent>? ContextAgents { get; set; }
    public List<ContextGroup>? ContextGroups { get; set; }
}

/// <summary>An Agent the experience involved besides the actor, and in what roles (xAPI 2.0).</summary>
public sealed class ContextAgent
{
    public string? ObjectType { get; set; }
    public Agent? Agent { get; set; }
    public List<string>? RelevantTypes { get; set; }
}

/// <summary>A Group the experience involved, and in what roles (xAPI 2.0).</summary>
public sealed class ContextGroup
{
    public string? ObjectType { get; set; }
    public Agent? Group { get; set; }
    public List<string>? RelevantTypes { get; set; }
}

/// <summary>xAPI 1.0.x allowed each list to be a single activity; the converter reads both and writes arrays.</summary>
public sealed class ContextActivities
{
    [JsonConverter(typeof(SingleOrArrayConverter<StatementTarget>))]
    public List<StatementTarget>? Parent { get; set; }

    [JsonConverter(typeof(SingleOrArrayConverter<StatementTarget>))]
    public List<StatementTarget>? Grouping { get; set; }

    [JsonConverter(typeof(SingleOrArrayConverter<StatementTarget>))]
    public List<StatementTarget>? Category { get; set; }

    [JsonConverter(typeof(SingleOrArrayConverter<StatementTarget>))]
    public List<StatementTarget>? Other { get; set; }
}

public sealed class Attachment
{
    public string? UsageType { get; set; }
    public Dictionary<string, string>? Display { get; set; }
    public Dictionary<string, string>? Description { get; set; }
    public string? ContentType { get; set; }
    public long? Length { get; set; }
    public string? Sha2 { get; set; }
    public string? FileUrl { get; set; }
}
