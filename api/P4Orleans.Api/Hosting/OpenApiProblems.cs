using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// Documents, for every operation of the OpenAPI document, the roles that may call it and each problem status it
/// can answer besides its success: 400 (bad input), 401 and 403 (authentication, role), 404 (an id in the route),
/// 409 (a command refused in the resource's state), 413 and 415 (a request body too large or of a wrong type), 429
/// (rate-limited: the endpoint names a limiter policy, or a global limiter applies to it) and 503 (the database
/// unavailable); each request body gets a valid example (<see cref="OpenApiExamples"/>). Text fields get their maximum
/// length from <see cref="InputLimits"/>. The gateway has no 422: invalid input is a 400, a refused state a 409.
/// </summary>
public static class OpenApiProblems
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Bad input: a problem with `errors` by field.",
        ["401"] = "No valid token, or the user is not registered and active.",
        ["403"] = "The user's roles do not allow this operation.",
        ["404"] = "No such resource (or not one the caller may see).",
        ["409"] = "Not allowed in the resource's current state, or a conflicting resubmission.",
        ["413"] = "The request body is larger than this operation accepts.",
        ["415"] = "The request body's content type is not accepted.",
        ["429"] = "Too many requests of this caller (its audience's rate limit, or its running bulk jobs); retry after the Retry-After delay.",
        ["503"] = "The database is unavailable; retry after the Retry-After delay.",
    };

    /// <summary>Adds the operation and schema transformers.</summary>
    public static OpenApiOptions AddProblemResponses(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer(async (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var anonymous = OpenApiRoles.IsAnonymous(metadata);
            var roles = anonymous ? [] : await OpenApiRoles.RolesAsync(metadata, context.ApplicationServices);
            var method = context.Description.HttpMethod ?? "GET";
            var route = context.Description.RelativePath ?? "";
            var statuses = new List<string>();
            if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
            {
                statuses.Add("400");
            }

            if (!anonymous)
            {
                statuses.AddRange(["401", "403"]);
            }

            if (route.Contains('{', StringComparison.Ordinal))
            {
                statuses.Add("404");
            }

            if (!anonymous && method is "POST" or "PUT" or "DELETE")
            {
                statuses.Add("409");
            }

            if (operation.RequestBody is not null)
            {
                statuses.AddRange(["413", "415"]);
            }

            // Every group is rate limited per caller (Hosting/RateLimiting.cs) but the probes, which opt out.
            if (IsRateLimited(metadata, context.ApplicationServices))
            {
                statuses.Add("429");
            }

            statuses.Add("503");
            operation.Responses ??= [];
            foreach (var status in statuses.Where(s => !operation.Responses.ContainsKey(s)))
            {
                operation.Responses[status] = Problem(Meanings[status]);
            }

            // A refusal the endpoint declares itself (a typed NotFound, say) is answered as a problem too: the status
            // code pages turn every empty error into one, so the document says so.
            foreach (var (status, response) in operation.Responses.Where(r => r.Key[0] is '4' or '5' && r.Value.Content is not { Count: > 0 }).ToList())
            {
                operation.Responses[status] = Problem(Meanings.TryGetValue(status, out var meaning) ? meaning : response.Description ?? "A problem.");
            }

            OpenApiRoles.Describe(operation, anonymous, roles);
            OpenApiExamples.Add(operation, context);
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { } property && property.PropertyType == typeof(string))
            {
                schema.MaxLength = InputLimits.TextLength(property.Name);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    // The limiter's own metadata: a named policy on the endpoint, or the global limiter unless the endpoint opts out.
    private static bool IsRateLimited(IList<object> metadata, IServiceProvider services) =>
        !metadata.OfType<DisableRateLimitingAttribute>().Any()
        && (metadata.OfType<EnableRateLimitingAttribute>().Any()
            || services.GetService<IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null);

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["requestId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                    },
                },
            },
        },
    };
}
