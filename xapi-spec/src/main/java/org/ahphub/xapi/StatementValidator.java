package org.ahphub.xapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a statement against the xAPI data rules (1.0.3 section 2 / 9274.1.1 section 4) and
 * returns every violation found, each with the rule and the JSON path. Pure: no I/O, no state.
 */
public final class StatementValidator {

  // Weeks cannot be combined with other units (ISO 8601: PnW stands alone).
  private static final Pattern WEEKS_ONLY = Pattern.compile("P\\d+(?:\\.\\d+)?W");
  // RFC 3339 forbids the "unknown local offset" forms -00 and -00:00.
  private static final Pattern NEGATIVE_ZERO_OFFSET = Pattern.compile(".*-00(:?00)?$");
  private static final Pattern ISO_DURATION =
      Pattern.compile("P(?:\\d+(?:\\.\\d+)?Y)?(?:\\d+(?:\\.\\d+)?M)?(?:\\d+(?:\\.\\d+)?W)?(?:\\d+(?:\\.\\d+)?D)?"
          + "(?:T(?:\\d+(?:\\.\\d+)?H)?(?:\\d+(?:\\.\\d+)?M)?(?:\\d+(?:\\.\\d+)?S)?)?");

  private static final List<String> INTERACTION_PROPERTIES =
      List.of("correctResponsesPattern", "choices", "scale", "source", "target", "steps");
  private static final Set<String> STATEMENT_PROPERTIES = Set.of(
      "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
      "version", "attachments");
  private static final Set<String> SUB_STATEMENT_PROPERTIES = Set.of(
      "objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments");
  private static final Set<String> AGENT_PROPERTIES =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account");
  private static final Set<String> GROUP_PROPERTIES =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member");
  private static final Set<String> IDENTIFIERS = Set.copyOf(Actors.IDENTIFIER_PROPERTIES);
  private static final Set<String> VERB_PROPERTIES = Set.of("id", "display");
  private static final Set<String> ACTIVITY_PROPERTIES = Set.of("objectType", "id", "definition");
  private static final Set<String> DEFINITION_PROPERTIES = Set.of(
      "name", "description", "type", "moreInfo", "interactionType", "correctResponsesPattern",
      "choices", "scale", "source", "target", "steps", "extensions");
  private static final Set<String> INTERACTION_TYPES = Set.of(
      "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
      "likert", "numeric", "other");
  private static final Set<String> INTERACTION_COMPONENT_LISTS =
      Set.of("choices", "scale", "source", "target", "steps");
  private static final Set<String> RESULT_PROPERTIES =
      Set.of("score", "success", "completion", "response", "duration", "extensions");
  private static final Set<String> SCORE_PROPERTIES = Set.of("scaled", "raw", "min", "max");
  private static final Set<String> CONTEXT_PROPERTIES_1_0 = Set.of(
      "registration", "instructor", "team", "contextActivities", "revision", "platform",
      "language", "statement", "extensions");
  private static final Set<String> CONTEXT_ACTIVITY_KINDS =
      Set.of("parent", "grouping", "category", "other");
  private static final Set<String> STATEMENT_REF_PROPERTIES = Set.of("objectType", "id");
  private static final Set<String> ATTACHMENT_PROPERTIES = Set.of(
      "usageType", "display", "description", "contentType", "length", "sha2", "fileUrl");

  private final XapiVersion version;
  private final List<Violation> violations = new ArrayList<>();

  private StatementValidator(XapiVersion version) {
    this.version = version;
  }

  /**
   * Every rule the statement breaks; empty when it is valid. A statement the hub cannot store (nested
   * deeper than {@link StorableJson#MAX_DEPTH}, or holding U+0000 or an unpaired surrogate) breaks
   * {@link StorableJson#RULE_DEPTH} or {@link StorableJson#RULE_STORABLE}; too deep, it is not looked at further.
   */
  public static List<Violation> validate(Object statement, XapiVersion version) {
    java.util.Optional<Violation> unstorable = StorableJson.check(statement, "$");
    if (unstorable.isPresent() && unstorable.get().rule().equals(StorableJson.RULE_DEPTH)) {
      return List.of(unstorable.get());
    }
    StatementValidator validator = new StatementValidator(version);
    unstorable.ifPresent(validator.violations::add);
    validator.statement(statement, "$");
    return List.copyOf(validator.violations);
  }

  private void statement(Object value, String path) {
    JsonObject statement = object(value, path, "statement.object");
    if (statement == null) {
      if (value == null) {
        add("statement.object", path, "a statement must be a JSON object");
      }
      return;
    }
    onlyProperties(statement, STATEMENT_PROPERTIES, path);
    if (statement.containsKey("id")) {
      uuid(statement.getValue("id"), path + ".id", "statement.id.uuid");
    }
    required(statement, "actor", path);
    required(statement, "verb", path);
    required(statement, "object", path);
    actor(statement.getValue("actor"), path + ".actor");
    verb(statement.getValue("verb"), path + ".verb");
    statementObject(statement.getValue("object"), path + ".object", false);
    if (statement.containsKey("result")) {
      result(statement.getValue("result"), path + ".result");
    }
    if (statement.containsKey("context")) {
      context(statement.getValue("context"), path + ".context", statement.getValue("object"));
    }
    if (statement.containsKey("timestamp")) {
      timestamp(statement.getValue("timestamp"), path + ".timestamp");
    }
    if (statement.containsKey("stored")) {
      timestamp(statement.getValue("stored"), path + ".stored");
    }
    if (statement.containsKey("authority")) {
      authority(statement.getValue("authority"), path + ".authority");
    }
    if (statement.containsKey("version")) {
      statementVersion(statement.getValue("version"), path + ".version");
    }
    if (statement.containsKey("attachments")) {
      attachments(statement.getValue("attachments"), path + ".attachments");
    }
    voiding(statement, path);
  }

  private void voiding(JsonObject statement, String path) {
    JsonObject verb = statement.getValue("verb") instanceof JsonObject v ? v : null;
    if (verb == null || !Verbs.VOIDED.equals(verb.getValue("id"))) {
      return;
    }
    Object target = statement.getValue("object");
    if (!(target instanceof JsonObject object) || !"StatementRef".equals(object.getValue("objectType"))) {
      add("statement.voiding.statementref", path + ".object",
          "a voiding statement's object must be a StatementRef to the statement it voids");
    }
  }

  private void subStatement(JsonObject sub, String path) {
    onlyProperties(sub, SUB_STATEMENT_PROPERTIES, path);
    required(sub, "actor", path);
    required(sub, "verb", path);
    required(sub, "object", path);
    actor(sub.getValue("actor"), path + ".actor");
    verb(sub.getValue("verb"), path + ".verb");
    statementObject(sub.getValue("object"), path + ".object", true);
    if (sub.containsKey("result")) {
      result(sub.getValue("result"), path + ".result");
    }
    if (sub.containsKey("context")) {
      context(sub.getValue("context"), path + ".context", sub.getValue("object"));
    }
    if (sub.containsKey("timestamp")) {
      timestamp(sub.getValue("timestamp"), path + ".timestamp");
    }
    if (sub.containsKey("attachments")) {
      attachments(sub.getValue("attachments"), path + ".attachments");
    }
  }

  private void actor(Object value, String path) {
    JsonObject actor = object(value, path, "actor.object");
    if (actor == null) {
      return;
    }
    Object objectType = actor.getValue("objectType");
    if ("Group".equals(objectType)) {
      group(actor, path);
    } else if (objectType == null || "Agent".equals(objectType)) {
      agent(actor, path);
    } else {
      add("actor.objectType", path + ".objectType", "must be \"Agent\" or \"Group\"");
    }
  }

  private void agent(JsonObject agent, String path) {
    onlyProperties(agent, AGENT_PROPERTIES, path);
    optionalString(agent, "name", path);
    int identifiers = identifiers(agent, path);
    if (identifiers != 1) {
      add("agent.ifi.exactly-one", path,
          "an Agent must have exactly one of mbox, mbox_sha1sum, openid, account (found " + identifiers + ")");
    }
  }

  private void group(JsonObject group, String path) {
    onlyProperties(group, GROUP_PROPERTIES, path);
    optionalString(group, "name", path);
    int identifiers = identifiers(group, path);
    if (identifiers > 1) {
      add("group.ifi.at-most-one", path, "a Group must have at most one inverse functional identifier");
    }
    if (group.containsKey("member")) {
      JsonArray members = array(group.getValue("member"), path + ".member", "group.member.array");
      if (members != null) {
        for (int i = 0; i < members.size(); i++) {
          String memberPath = path + ".member[" + i + "]";
          JsonObject member = object(members.getValue(i), memberPath, "group.member.agent");
          if (member != null && "Group".equals(member.getValue("objectType"))) {
            add("group.member.no-groups", memberPath, "a Group's members must be Agents, not Groups");
          } else if (member != null) {
            agent(member, memberPath);
          }
        }
        if (identifiers == 0 && members != null && members.isEmpty()) {
          add("group.anonymous.members", path + ".member", "an anonymous Group must list at least one member");
        }
      }
    } else if (identifiers == 0) {
      add("group.anonymous.members", path, "an anonymous Group must have a member list");
    }
  }

  private int identifiers(JsonObject actor, String path) {
    int count = 0;
    for (String ifi : IDENTIFIERS) {
      if (!actor.containsKey(ifi)) {
        continue;
      }
      count++;
      Object value = actor.getValue(ifi);
      String ifiPath = path + "." + ifi;
      switch (ifi) {
        case "mbox" -> {
          if (!(value instanceof String mbox) || !Syntax.isMailto(mbox)) {
            add("agent.mbox.mailto", ifiPath, "mbox must be a mailto: IRI with an e-mail address (mailto:name@host)");
          }
        }
        case "mbox_sha1sum" -> {
          if (!(value instanceof String sum) || !Syntax.isSha1Hex(sum)) {
            add("agent.mbox_sha1sum.hex", ifiPath, "mbox_sha1sum must be 40 hexadecimal characters");
          }
        }
        case "openid" -> iri(value, ifiPath, "agent.openid.uri");
        case "account" -> account(value, ifiPath);
        default -> throw new IllegalStateException(ifi);
      }
    }
    return count;
  }

  private void account(Object value, String path) {
    JsonObject account = object(value, path, "agent.account.object");
    if (account == null) {
      return;
    }
    onlyProperties(account, Set.of("homePage", "name"), path);
    required(account, "homePage", path);
    required(account, "name", path);
    if (account.containsKey("homePage")) {
      iri(account.getValue("homePage"), path + ".homePage", "agent.account.homePage.iri");
    }
    if (account.containsKey("name")) {
      string(account.getValue("name"), path + ".name", "agent.account.name.string");
    }
  }

  private void authority(Object value, String path) {
    JsonObject authority = object(value, path, "authority.object");
    if (authority == null) {
      return;
    }
    if ("Group".equals(authority.getValue("objectType"))) {
      group(authority, path);
      if (IDENTIFIERS.stream().anyMatch(authority::containsKey)) {
        add("authority.group.anonymous", path,
            "an authority Group must be an anonymous OAuth Group (two members, no identifier of its own)");
      }
      JsonArray members = authority.getValue("member") instanceof JsonArray m ? m : null;
      if (members != null && members.size() != 2) {
        add("authority.group.two-members", path + ".member",
            "an OAuth authority Group must have exactly two members");
      }
    } else {
      actor(authority, path);
    }
  }

  private void verb(Object value, String path) {
    JsonObject verb = object(value, path, "verb.object");
    if (verb == null) {
      return;
    }
    onlyProperties(verb, VERB_PROPERTIES, path);
    required(verb, "id", path);
    if (verb.containsKey("id")) {
      iri(verb.getValue("id"), path + ".id", "verb.id.iri");
    }
    if (verb.containsKey("display")) {
      languageMap(verb.getValue("display"), path + ".display");
    }
  }

  private void statementObject(Object value, String path, boolean insideSubStatement) {
    JsonObject object = object(value, path, "object.object");
    if (object == null) {
      return;
    }
    Object objectType = object.getValue("objectType");
    if (objectType == null || "Activity".equals(objectType)) {
      activity(object, path);
    } else if ("Agent".equals(objectType)) {
      agent(object, path);
    } else if ("Group".equals(objectType)) {
      group(object, path);
    } else if ("StatementRef".equals(objectType)) {
      statementRef(object, path);
    } else if ("SubStatement".equals(objectType)) {
      if (insideSubStatement) {
        add("substatement.nested", path, "a SubStatement must not contain another SubStatement");
      } else {
        subStatement(object, path);
      }
    } else {
      add("object.objectType", path + ".objectType",
          "must be one of Activity, Agent, Group, StatementRef, SubStatement");
    }
  }

  private void statementRef(JsonObject ref, String path) {
    onlyProperties(ref, STATEMENT_REF_PROPERTIES, path);
    required(ref, "id", path);
    if (ref.containsKey("id")) {
      uuid(ref.getValue("id"), path + ".id", "statementref.id.uuid");
    }
  }

  private void activity(JsonObject activity, String path) {
    onlyProperties(activity, ACTIVITY_PROPERTIES, path);
    required(activity, "id", path);
    if (activity.containsKey("id")) {
      iri(activity.getValue("id"), path + ".id", "activity.id.iri");
    }
    if (activity.containsKey("definition")) {
      definition(activity.getValue("definition"), path + ".definition");
    }
  }

  private void definition(Object value, String path) {
    JsonObject definition = object(value, path, "activity.definition.object");
    if (definition == null) {
      return;
    }
    onlyProperties(definition, DEFINITION_PROPERTIES, path);
    for (String map : List.of("name", "description")) {
      if (definition.containsKey(map)) {
        languageMap(definition.getValue(map), path + "." + map);
      }
    }
    if (definition.containsKey("type")) {
      iri(definition.getValue("type"), path + ".type", "activity.definition.type.iri");
    }
    if (definition.containsKey("moreInfo")) {
      iri(definition.getValue("moreInfo"), path + ".moreInfo", "activity.definition.moreInfo.irl");
    }
    if (!definition.containsKey("interactionType")) {
      for (String property : INTERACTION_PROPERTIES) {
        if (definition.containsKey(property)) {
          add("activity.definition.interactionType.required", path + ".interactionType",
              "interactionType is required when " + property + " is present");
          break;
        }
      }
    }
    if (definition.containsKey("interactionType")
        && !INTERACTION_TYPES.contains(definition.getValue("interactionType"))) {
      add("activity.definition.interactionType", path + ".interactionType",
          "must be one of " + INTERACTION_TYPES);
    }
    if (definition.containsKey("correctResponsesPattern")) {
      JsonArray patterns = array(definition.getValue("correctResponsesPattern"),
          path + ".correctResponsesPattern", "activity.definition.correctResponsesPattern.array");
      if (patterns != null) {
        for (int i = 0; i < patterns.size(); i++) {
          string(patterns.getValue(i), path + ".correctResponsesPattern[" + i + "]",
              "activity.definition.correctResponsesPattern.string");
        }
      }
    }
    for (String list : INTERACTION_COMPONENT_LISTS) {
      if (definition.containsKey(list)) {
        interactionComponents(definition.getValue(list), path + "." + list);
      }
    }
    if (definition.containsKey("extensions")) {
      extensions(definition.getValue("extensions"), path + ".extensions");
    }
  }

  private void interactionComponents(Object value, String path) {
    JsonArray components = array(value, path, "activity.definition.interaction-components.array");
    if (components == null) {
      return;
    }
    Set<Object> ids = new java.util.HashSet<>();
    for (int i = 0; i < components.size(); i++) {
      String componentPath = path + "[" + i + "]";
      JsonObject component = object(components.getValue(i), componentPath, "interaction-component.object");
      if (component == null) {
        continue;
      }
      onlyProperties(component, Set.of("id", "description"), componentPath);
      required(component, "id", componentPath);
      string(component.getValue("id"), componentPath + ".id", "interaction-component.id.string");
      if (!ids.add(component.getValue("id"))) {
        add("interaction-component.id.unique", componentPath + ".id", "component ids must be unique");
      }
      if (component.containsKey("description")) {
        languageMap(component.getValue("description"), componentPath + ".description");
      }
    }
  }

  private void result(Object value, String path) {
    JsonObject result = object(value, path, "result.object");
    if (result == null) {
      return;
    }
    onlyProperties(result, RESULT_PROPERTIES, path);
    if (result.containsKey("score")) {
      score(result.getValue("score"), path + ".score");
    }
    for (String flag : List.of("success", "completion")) {
      if (result.containsKey(flag) && !(result.getValue(flag) instanceof Boolean)) {
        add("result." + flag + ".boolean", path + "." + flag, "must be true or false");
      }
    }
    if (result.containsKey("response")) {
      string(result.getValue("response"), path + ".response", "result.response.string");
    }
    if (result.containsKey("duration")) {
      Object duration = result.getValue("duration");
      if (!(duration instanceof String text) || text.equals("P") || text.endsWith("T")
          || !ISO_DURATION.matcher(text).matches() || (text.contains("W") && !WEEKS_ONLY.matcher(text).matches())) {
        add("result.duration.iso8601", path + ".duration", "must be an ISO 8601 duration such as PT1H30M");
      }
    }
    if (result.containsKey("extensions")) {
      extensions(result.getValue("extensions"), path + ".extensions");
    }
  }

  private void score(Object value, String path) {
    JsonObject score = object(value, path, "result.score.object");
    if (score == null) {
      return;
    }
    onlyProperties(score, SCORE_PROPERTIES, path);
    for (String name : SCORE_PROPERTIES) {
      if (score.containsKey(name) && !(score.getValue(name) instanceof Number)) {
        add("result.score." + name + ".number", path + "." + name, "must be a number");
      }
    }
    Double scaled = number(score, "scaled");
    Double raw = number(score, "raw");
    Double min = number(score, "min");
    Double max = number(score, "max");
    if (scaled != null && (scaled < -1 || scaled > 1)) {
      add("result.score.scaled.range", path + ".scaled", "must be between -1 and 1");
    }
    if (min != null && max != null && min >= max) {
      add("result.score.min-below-max", path, "min must be less than max");
    }
    if (raw != null && min != null && raw < min) {
      add("result.score.raw.range", path + ".raw", "must not be below min");
    }
    if (raw != null && max != null && raw > max) {
      add("result.score.raw.range", path + ".raw", "must not be above max");
    }
  }

  private void context(Object value, String path, Object statementObject) {
    JsonObject context = object(value, path, "context.object");
    if (context == null) {
      return;
    }
    onlyProperties(context, contextProperties(), path);
    if (context.containsKey("registration")) {
      uuid(context.getValue("registration"), path + ".registration", "context.registration.uuid");
    }
    if (context.containsKey("instructor")) {
      actor(context.getValue("instructor"), path + ".instructor");
    }
    if (context.containsKey("team")) {
      JsonObject team = object(context.getValue("team"), path + ".team", "context.team.group");
      if (team != null && !"Group".equals(team.getValue("objectType"))) {
        add("context.team.group", path + ".team", "team must be a Group");
      } else if (team != null) {
        group(team, path + ".team");
      }
    }
    if (context.containsKey("contextActivities")) {
      contextActivities(context.getValue("contextActivities"), path + ".contextActivities");
    }
    boolean objectIsActivity = statementObject instanceof JsonObject object
        && (object.getValue("objectType") == null || "Activity".equals(object.getValue("objectType")));
    for (String name : List.of("revision", "platform")) {
      if (context.containsKey(name)) {
        string(context.getValue(name), path + "." + name, "context." + name + ".string");
        if (!objectIsActivity) {
          add("context." + name + ".activity-only", path + "." + name,
              name + " may only be used when the statement's object is an Activity");
        }
      }
    }
    if (context.containsKey("language")) {
      Object language = context.getValue("language");
      if (!(language instanceof String tag) || !Syntax.isLanguageTag(tag)) {
        add("context.language.rfc5646", path + ".language", "must be an RFC 5646 language tag");
      }
    }
    if (context.containsKey("statement")) {
      JsonObject ref = object(context.getValue("statement"), path + ".statement", "context.statement.ref");
      if (ref != null) {
        if (!"StatementRef".equals(ref.getValue("objectType"))) {
          add("context.statement.ref", path + ".statement.objectType", "must be \"StatementRef\"");
        }
        statementRef(ref, path + ".statement");
      }
    }
    if (context.containsKey("extensions")) {
      extensions(context.getValue("extensions"), path + ".extensions");
    }
    if (version == XapiVersion.V2_0_0) {
      contextAgents(context, path);
    }
  }

  private Set<String> contextProperties() {
    if (version == XapiVersion.V1_0_3) {
      return CONTEXT_PROPERTIES_1_0;
    }
    Set<String> properties = new java.util.HashSet<>(CONTEXT_PROPERTIES_1_0);
    properties.add("contextAgents");
    properties.add("contextGroups");
    return properties;
  }

  private void contextAgents(JsonObject context, String path) {
    for (String kind : List.of("contextAgents", "contextGroups")) {
      if (!context.containsKey(kind)) {
        continue;
      }
      JsonArray entries = array(context.getValue(kind), path + "." + kind, "context." + kind + ".array");
      if (entries == null) {
        continue;
      }
      String actorKey = kind.equals("contextAgents") ? "agent" : "group";
      for (int i = 0; i < entries.size(); i++) {
        String entryPath = path + "." + kind + "[" + i + "]";
        JsonObject entry = object(entries.getValue(i), entryPath, "context." + kind + ".object");
        if (entry == null) {
          continue;
        }
        onlyProperties(entry, Set.of("objectType", actorKey, "relevantTypes"), entryPath);
        String expectedType = kind.equals("contextAgents") ? "contextAgent" : "contextGroup";
        if (!expectedType.equals(entry.getValue("objectType"))) {
          add("context." + kind + ".objectType", entryPath + ".objectType", "must be \"" + expectedType + "\"");
        }
        required(entry, actorKey, entryPath);
        if (entry.containsKey(actorKey)) {
          actor(entry.getValue(actorKey), entryPath + "." + actorKey);
        }
        if (entry.containsKey("relevantTypes")) {
          JsonArray types = array(entry.getValue("relevantTypes"), entryPath + ".relevantTypes",
              "context.relevantTypes.array");
          if (types != null) {
            if (types.isEmpty()) {
              add("context.relevantTypes.non-empty", entryPath + ".relevantTypes", "must not be empty");
            }
            for (int t = 0; t < types.size(); t++) {
              iri(types.getValue(t), entryPath + ".relevantTypes[" + t + "]", "context.relevantTypes.iri");
            }
          }
        }
      }
    }
  }

  private void contextActivities(Object value, String path) {
    JsonObject activities = object(value, path, "context.contextActivities.object");
    if (activities == null) {
      return;
    }
    onlyProperties(activities, CONTEXT_ACTIVITY_KINDS, path);
    for (String kind : CONTEXT_ACTIVITY_KINDS) {
      if (!activities.containsKey(kind)) {
        continue;
      }
      Object entry = activities.getValue(kind);
      String kindPath = path + "." + kind;
      if (entry instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          contextActivity(list.getValue(i), kindPath + "[" + i + "]");
        }
      } else {
        contextActivity(entry, kindPath);
      }
    }
  }

  private void contextActivity(Object value, String path) {
    JsonObject activity = object(value, path, "context.contextActivities.activity");
    if (activity == null) {
      return;
    }
    Object objectType = activity.getValue("objectType");
    if (objectType != null && !"Activity".equals(objectType)) {
      add("context.contextActivities.activity", path + ".objectType", "context activities must be Activities");
    }
    activity(activity, path);
  }

  private void attachments(Object value, String path) {
    JsonArray attachments = array(value, path, "attachments.array");
    if (attachments == null) {
      return;
    }
    for (int i = 0; i < attachments.size(); i++) {
      String attachmentPath = path + "[" + i + "]";
      JsonObject attachment = object(attachments.getValue(i), attachmentPath, "attachment.object");
      if (attachment == null) {
        continue;
      }
      onlyProperties(attachment, ATTACHMENT_PROPERTIES, attachmentPath);
      for (String name : List.of("usageType", "display", "contentType", "length", "sha2")) {
        required(attachment, name, attachmentPath);
      }
      if (attachment.containsKey("usageType")) {
        iri(attachment.getValue("usageType"), attachmentPath + ".usageType", "attachment.usageType.iri");
      }
      if (attachment.containsKey("display")) {
        languageMap(attachment.getValue("display"), attachmentPath + ".display");
      }
      if (attachment.containsKey("description")) {
        languageMap(attachment.getValue("description"), attachmentPath + ".description");
      }
      if (attachment.containsKey("contentType")) {
        string(attachment.getValue("contentType"), attachmentPath + ".contentType", "attachment.contentType.string");
      }
      if (attachment.containsKey("length")
          && !(attachment.getValue("length") instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
              && n.longValue() >= 0)) {
        add("attachment.length.integer", attachmentPath + ".length", "must be a non-negative integer");
      }
      if (attachment.containsKey("sha2")) {
        string(attachment.getValue("sha2"), attachmentPath + ".sha2", "attachment.sha2.string");
      }
      if (attachment.containsKey("fileUrl")) {
        iri(attachment.getValue("fileUrl"), attachmentPath + ".fileUrl", "attachment.fileUrl.irl");
      }
    }
  }

  private void statementVersion(Object value, String path) {
    if (!(value instanceof String text) || !version.acceptsStatementVersion(text)) {
      add("statement.version", path, "version " + value + " is not accepted under xAPI " + version.label());
    }
  }

  private void timestamp(Object value, String path) {
    if (!(value instanceof String text)) {
      add("timestamp.iso8601", path, "must be an ISO 8601 date-time string");
      return;
    }
    if (Timestamps.isCommonAndValid(text)) {
      return;
    }
    try {
      OffsetDateTime.parse(text);
      if (NEGATIVE_ZERO_OFFSET.matcher(text).matches()) {
        add("timestamp.offset", path, "the offset -00:00 (unknown local offset) is not allowed; use Z or +00:00");
      }
    } catch (DateTimeParseException e) {
      add("timestamp.iso8601", path, "must be an ISO 8601 date-time with a time zone, such as 2026-01-31T09:30:00Z");
    }
  }

  private void extensions(Object value, String path) {
    JsonObject extensions = object(value, path, "extensions.object");
    if (extensions == null) {
      return;
    }
    for (String key : extensions.fieldNames()) {
      if (!Syntax.isAbsoluteIri(key)) {
        add("extensions.key.iri", path + "[\"" + key + "\"]", "extension keys must be IRIs");
      }
    }
  }

  private void languageMap(Object value, String path) {
    JsonObject map = object(value, path, "language-map.object");
    if (map == null) {
      return;
    }
    for (Map.Entry<String, Object> entry : map) {
      String entryPath = path + "[\"" + entry.getKey() + "\"]";
      if (!Syntax.isLanguageTag(entry.getKey())) {
        add("language-map.key.rfc5646", entryPath, "language map keys must be RFC 5646 language tags");
      }
      if (!(entry.getValue() instanceof String)) {
        add("language-map.value.string", entryPath, "language map values must be strings");
      }
    }
  }

  private void onlyProperties(JsonObject object, Set<String> allowed, String path) {
    for (Map.Entry<String, Object> entry : object) {
      if (!allowed.contains(entry.getKey())) {
        add("object.unknown-property", path + "." + entry.getKey(), "is not a property xAPI allows here");
      } else if (entry.getValue() == null) {
        add("object.null-value", path + "." + entry.getKey(), "must not be null");
      }
    }
  }

  private void required(JsonObject object, String name, String path) {
    if (!object.containsKey(name)) {
      add("required." + name, path + "." + name, "is required");
    }
  }

  private void optionalString(JsonObject object, String name, String path) {
    if (object.containsKey(name)) {
      string(object.getValue(name), path + "." + name, name + ".string");
    }
  }

  private JsonObject object(Object value, String path, String rule) {
    if (value instanceof JsonObject object) {
      return object;
    }
    if (value instanceof Map<?, ?>) {
      throw new IllegalArgumentException("validate JsonObject trees, not raw maps");
    }
    if (value != null) {
      add(rule, path, "must be a JSON object");
    }
    return null;
  }

  private JsonArray array(Object value, String path, String rule) {
    if (value instanceof JsonArray array) {
      return array;
    }
    add(rule, path, "must be a JSON array");
    return null;
  }

  private void string(Object value, String path, String rule) {
    if (!(value instanceof String)) {
      add(rule, path, "must be a string");
    }
  }

  private void iri(Object value, String path, String rule) {
    if (!(value instanceof String text) || !Syntax.isAbsoluteIri(text)) {
      add(rule, path, "must be an absolute IRI (scheme:rest)");
    }
  }

  private void uuid(Object value, String path, String rule) {
    if (!(value instanceof String text) || !Syntax.isUuid(text)) {
      add(rule, path, "must be a UUID");
    }
  }

  private static Double number(JsonObject object, String name) {
    return object.getValue(name) instanceof Number n ? n.doubleValue() : null;
  }

  private void add(String rule, String path, String message) {
    violations.add(new Violation(rule, path, message));
  }
}
