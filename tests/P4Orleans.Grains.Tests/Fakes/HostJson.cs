using System.Text.Json;
using System.Text.Json.Serialization;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>The host's JSON shape for state, journal and messages: web defaults (camelCase) and enums as strings.</summary>
public static class HostJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
