using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroCredLti.XapiCollector.Model;

public sealed class SingleOrArrayConverter<T> : JsonConverter<List<T>>
{
    public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.StartArray)
                return JsonSerializer.Deserialize<List<T>>(ref reader, options);
            var single = JsonSerializer.Deserialize<T>(ref reader, options);
            return single is null ? [] : [single];
        }
        catch (JsonException e) when (e.Path is { Length: > 0 } inner)
        {
            // The nested read's path starts at this property; the serializer gives a path-less exception the path of this
            // property only, so the rest travels in the exception's data (see XapiJson.PathOf).
            var rethrown = new JsonException(e.Message, e);
            rethrown.Data[XapiJson.InnerPathKey] = inner[1..] + (e.Data[XapiJson.InnerPathKey] as string ?? "");
            throw rethrown;
        }
    }

    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
