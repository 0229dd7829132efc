using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using P4Orleans.Contracts;
using P4Orleans.Grains;

namespace P4Orleans.Api.Problems;

/// <summary>
/// Checks every bound argument of an endpoint against <see cref="InputLimits"/> before its handler runs: each text
/// (body, query, route) within its length and free of NUL characters, each list without null items and within its
/// size, each amount in cents within the ceiling, each date plausible, each enum a defined name (never a number); an
/// instant given with an offset is passed on in UTC.
/// All errors are reported at once, by JSON path, as a 400 validation problem; nothing reaches a grain or PostgreSQL.
/// An id in the path that is only blanks (<c>/dossiers/%20</c>) names nothing: it is answered 404 as an unknown id
/// (<see cref="BlankRouteId"/>), before any grain is asked for it (Orleans refuses a blank key).
/// </summary>
internal static class InputValidation
{
    private static readonly HashSet<Type> Framework = [typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(CancellationToken),
        typeof(System.Security.Claims.ClaimsPrincipal), typeof(Stream)];

    /// <summary>The endpoint filter factory: a filter only for endpoints with arguments worth checking.</summary>
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var checkedParameters = context.MethodInfo.GetParameters()
            .Select((p, i) => (Parameter: p, Index: i))
            .Where(x => !Framework.Contains(x.Parameter.ParameterType) && services?.IsService(x.Parameter.ParameterType) != true)
            .ToArray();
        if (checkedParameters.Length == 0)
        {
            // Nothing bound to check; the path's ids still are (a handler may read them from the route itself).
            return invocation => BlankRouteId(invocation.HttpContext.Request.RouteValues) is { } blank ? throw blank : next(invocation);
        }

        return async invocation =>
        {
            var http = invocation.HttpContext;
            var (json, today) = Context(http);
            var errors = new List<ValidationError>();
            foreach (var (parameter, index) in checkedParameters)
            {
                var name = parameter.Name ?? "";
                if (index >= invocation.Arguments.Count)
                {
                    continue;
                }

                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (type.IsEnum && NumericRaw(http, name))
                {
                    errors.Add(new ValidationError(name, $"Give a name of {type.Name}, not a number."));
                    continue;
                }

                if (invocation.Arguments[index] is DateTimeOffset instant && instant.Offset != TimeSpan.Zero)
                {
                    // An instant may come with any offset (2026-01-01T00:00:00+01:00); the handlers and PostgreSQL take it in UTC.
                    invocation.Arguments[index] = instant.ToUniversalTime();
                }

                // A body's errors are named by their JSON path from the body's root; a parameter's by its name.
                var root = type.IsClass && type != typeof(string) ? "" : name;
                new Walker(json, today, errors).Check(invocation.Arguments[index], parameter.ParameterType, root, 0);
            }

            if (errors.Count > 0)
            {
                throw new DossierValidationException(errors);
            }

            // After the input's own errors, as an unknown id is found only once the input is valid.
            return BlankRouteId(http.Request.RouteValues) is { } unknown ? throw unknown : await next(invocation);
        };
    }

    /// <summary>
    /// The not-found refusal for the first route value that is empty or only blanks, as the handler answers an unknown
    /// id of the same kind (a dossier, an office, a dispute, a communication; anything else "No such resource."); else null.
    /// </summary>
    public static Exception? BlankRouteId(RouteValueDictionary route)
    {
        foreach (var (name, value) in route)
        {
            if (value is not string text || !string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var dossier = route.TryGetValue("dossierId", out var d) ? d?.ToString() ?? "" : "";
            return name switch
            {
                "dossierId" => new DossierNotFoundException(text),
                "officeId" => new BailiffNotFoundException(text),
                "disputeId" => new DisputeNotFoundException(dossier, text),
                "communicationId" => new CommunicationNotFoundException(dossier, text),
                _ => new NotFoundException("No such resource."),
            };
        }

        return null;
    }

    /// <summary>
    /// Checks a command that did not come as an endpoint's argument (a console form builds it) as <see cref="Factory"/>
    /// checks a body: every error at once, as a <see cref="DossierValidationException"/> (400), before any grain sees it.
    /// </summary>
    public static void Require(HttpContext http, object command)
    {
        var (json, today) = Context(http);
        var errors = new List<ValidationError>();
        new Walker(json, today, errors).Check(command, command.GetType(), "", 0);
        if (errors.Count > 0)
        {
            throw new DossierValidationException(errors);
        }
    }

    // The serializer's names for the paths of the errors, and today in Brussels (as the grains' law clock) for the
    // plausible range of dates: between midnight in Brussels and midnight UTC the UTC date is the day before.
    private static (JsonSerializerOptions Json, DateOnly Today) Context(HttpContext http) =>
        (http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions,
            Compliance.Brussels.DateOf(http.RequestServices.GetRequiredKeyedService<TimeProvider>(PlatformClock.Key).GetUtcNow()));

    // An enum bound from the query or the route accepts "3" as well as a name: only names are part of the contract.
    private static bool NumericRaw(HttpContext http, string name)
    {
        var raw = http.Request.Query.TryGetValue(name, out var q) ? q.ToString()
            : http.Request.RouteValues.TryGetValue(name, out var r) ? r?.ToString() : null;
        var trimmed = raw?.Trim();
        return !string.IsNullOrEmpty(trimmed) && (char.IsAsciiDigit(trimmed[0]) || trimmed[0] is '-' or '+');
    }

    private sealed class Walker(JsonSerializerOptions json, DateOnly today, List<ValidationError> errors)
    {
        private const int MaxDepth = 16;

        public void Check(object? value, Type declared, string path, int depth)
        {
            if (value is null || depth > MaxDepth)
            {
                return;
            }

            switch (value)
            {
                case string text:
                    Add(path, InputLimits.TextError(path, text));
                    return;
                case long cents when path.EndsWith("cents", StringComparison.OrdinalIgnoreCase):
                    Add(path, InputLimits.CentsError(cents));
                    return;
                case int number:
                    Add(path, IntError(path, number));
                    return;
                case DateOnly date:
                    Add(path, InputLimits.DateError(date, today));
                    return;
                case Enum e when !Enum.IsDefined(e.GetType(), e):
                    Add(path, $"{Convert.ToInt64(e, CultureInfo.InvariantCulture)} is not a {e.GetType().Name}.");
                    return;
            }

            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || type.IsValueType && type.Namespace == "System")
            {
                return;
            }

            if (value is IEnumerable items and not IDictionary)
            {
                CheckItems(items, path, depth);
                return;
            }

            if (type.Namespace?.StartsWith("P4Orleans", StringComparison.Ordinal) != true)
            {
                return;
            }

            var info = json.GetTypeInfo(type);
            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return;
            }

            foreach (var property in info.Properties)
            {
                if (property.Get is not { } get)
                {
                    continue;
                }

                var field = get(value);
                if (field is null && !property.PropertyType.IsValueType && !property.IsSetNullable)
                {
                    // The contract says not nullable: an explicit null is as wrong as a missing field.
                    Add(Join(path, property.Name), "This field is required (null given).");
                    continue;
                }

                Check(field, property.PropertyType, Join(path, property.Name), depth + 1);
            }
        }

        private void CheckItems(IEnumerable items, string path, int depth)
        {
            var i = 0;
            foreach (var item in items)
            {
                if (i == InputLimits.MaxListItems)
                {
                    Add(path, $"At most {InputLimits.MaxListItems} items.");
                    return;
                }

                var at = $"{path}[{i}]";
                if (item is null)
                {
                    Add(at, "A list item cannot be null.");
                }
                else
                {
                    Check(item, item.GetType(), at, depth + 1);
                }

                i++;
            }
        }

        private void Add(string path, string? message)
        {
            if (message is not null)
            {
                errors.Add(new ValidationError(path.Length == 0 ? "$" : path, message));
            }
        }

        private static string Join(string path, string name) => path.Length == 0 || path.StartsWith('$') ? name : $"{path}.{name}";

        private static string? IntError(string path, int value)
        {
            var name = path[(path.LastIndexOf('.') + 1)..];
            var max = name.ToLowerInvariant() switch
            {
                "capacity" or "value" => InputLimits.MaxCapacity,
                "instalments" => InputLimits.MaxInstalments,
                "children" => P4Orleans.Law.LawQueries.MaxChildren,
                "quarter" => 4,
                "year" => 9999,
                "limit" => 1000,
                _ => int.MaxValue,
            };
            return value < 0 || value > max ? $"{value} is outside 0..{max.ToString(CultureInfo.InvariantCulture)}." : null;
        }
    }

    /// <summary>Marks <paramref name="info"/>'s properties bound to a constructor parameter without a default and not nullable as required.</summary>
    public static void RequireNonNullableParameters(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Namespace?.StartsWith("P4Orleans", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.AssociatedParameter is not { } parameter || parameter.HasDefaultValue)
            {
                continue;
            }

            // A missing value type ({} for a capacity) would silently be 0; a missing text or list would be null.
            var type = parameter.ParameterType;
            var optional = Nullable.GetUnderlyingType(type) is not null
                || !type.IsValueType && parameter.IsNullable;
            if (!optional)
            {
                property.IsRequired = true;
            }
        }
    }
}
