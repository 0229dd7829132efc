using System.Text.Json;
using System.Text.Json.Serialization;

namespace P4Orleans.Silo.Runtime;

/// <summary>The JSON shape of grain state and messages: camelCase names, enums as strings.</summary>
public static class JsonState
{
    /// <summary>The options used for state, journal data and messages.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
