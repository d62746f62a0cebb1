package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code deploy/k8s} hold what a run of several injectors relies on:
 * one pod per injector index that is never sent twice, the same shared results folder for every
 * pod, every variable the suite reads present in each pod, secrets only by reference, an image that
 * runs offline as a non-root user. K8sManifestsIT lints the same files with yamllint.
 */
class K8sManifestsTest {
  private static final Path DIR = Path.of("deploy", "k8s");
  private static final String NAMESPACE = "meshhook-load";
  private static final String SECRET = "meshhook-load-secrets";

  /** Applied once per run, in order, or templates: never in the kustomization. */
  private static final Set<String> NOT_IN_KUSTOMIZATION =
      Set.of(
          "injectors-job.yaml",
          "verifier-job.yaml",
          "run-configmap.example.yaml",
          "secret.example.yaml");

  /** The variables of application.conf the pods set: the target and the injectors. */
  private static final Set<String> SUITE_VARIABLES =
      Set.of(
          "TARGET_URL",
          "TARGET_JDBC_URL",
          "TARGET_DB_USER",
          "TARGET_DB_PASSWORD",
          "WEBHOOK_SECRET",
          "API_TOKENS",
          "MESHHOOK_LOAD_INJECTORS",
          "JOB_COMPLETION_INDEX",
          "MESHHOOK_LOAD_RUN_TAG",
          "MESHHOOK_LOAD_START_AT",
          "MESHHOOK_LOAD_REPORTS");

  /** Secret variable -> its key in the Secret. */
  private static final Map<String, String> SECRET_KEYS =
      Map.of(
          "WEBHOOK_SECRET", "webhook-secret",
          "TARGET_DB_PASSWORD", "db-password",
          "API_TOKENS", "api-tokens");

  private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(password|secret|token).*");

  /** Kubernetes' dependent variables in command and args: $(NAME), expanded from the env. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private static final YAMLMapper YAML = yamlMapper();

  private static YAMLMapper yamlMapper() {
    YAMLMapper mapper = new YAMLMapper();
    // Most YAML readers keep one of two equal keys without a word; here they are an error.
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    return mapper;
  }

  /** The one object in {@code deploy/k8s/<file>}. */
  private static JsonNode manifest(String file) {
    List<JsonNode> documents = documents(DIR.resolve(file));
    assertThat(documents).as(file + ": one object per file").hasSize(1);
    return documents.get(0);
  }

  private static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return it.readAll();
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every Kubernetes object file of the folder (the kustomization is kustomize's, not one). */
  private static List<String> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }

  private static List<JsonNode> jobs() {
    return List.of(manifest("injectors-job.yaml"), manifest("verifier-job.yaml"));
  }

  private static JsonNode podSpec(JsonNode job) {
    return job.at("/spec/template/spec");
  }

  private static JsonNode container(JsonNode job) {
    JsonNode containers = podSpec(job).path("containers");
    assertThat(containers.size()).as(name(job) + ": containers").isEqualTo(1);
    return containers.get(0);
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The container's command and args, as one command line. */
  private static String commandLine(JsonNode container) {
    List<String> words = new ArrayList<>(strings(container.path("command")));
    words.addAll(strings(container.path("args")));
    return String.join(" ", words);
  }

  /** ConfigMap name -> its data, from every ConfigMap file here (the per-run one's example too). */
  private static Map<String, JsonNode> configMaps() throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (String file : manifestFiles()) {
      JsonNode object = manifest(file);
      if (object.path("kind").asText().equals("ConfigMap")) {
        byName.put(name(object), object.path("data"));
      }
    }
    return byName;
  }

  private static JsonNode targetConfig() {
    return manifest("configmap.yaml").path("data");
  }

  /**
   * The names in the container's environment: its env entries, the keys of the ConfigMaps it takes
   * whole (envFrom), and JOB_COMPLETION_INDEX in an Indexed Job, which the Job controller adds.
   */
  private static Set<String> environment(JsonNode job) throws IOException {
    Map<String, JsonNode> configMaps = configMaps();
    JsonNode container = container(job);
    Set<String> names = new TreeSet<>();
    container.path("env").forEach(e -> names.add(e.path("name").asText()));
    for (JsonNode source : container.path("envFrom")) {
      String configMap = source.at("/configMapRef/name").asText();
      assertThat(configMaps).as(name(job) + " takes ConfigMap " + configMap).containsKey(configMap);
      configMaps.get(configMap).fieldNames().forEachRemaining(names::add);
    }
    if (job.at("/spec/completionMode").asText().equals("Indexed")) {
      names.add("JOB_COMPLETION_INDEX");
    }
    return names;
  }

  @Test
  void everyObjectIsAloneInItsFileAndInTheSuitesNamespace() throws IOException {
    assertThat(manifestFiles())
        .contains(
            "namespace.yaml",
            "configmap.yaml",
            "secret.example.yaml",
            "pvc.yaml",
            "injectors-job.yaml",
            "verifier-job.yaml");
    for (String file : manifestFiles()) {
      JsonNode object = manifest(file);
      assertThat(object.path("apiVersion").asText()).as(file).isNotEmpty();
      assertThat(name(object)).as(file).isNotEmpty();
      if (object.path("kind").asText().equals("Namespace")) {
        assertThat(name(object)).isEqualTo(NAMESPACE);
      } else {
        assertThat(object.at("/metadata/namespace").asText()).as(file).isEqualTo(NAMESPACE);
      }
    }
  }

  @Test
  void theInjectorsAreOneIndexedPodEachNeverSentTwice() {
    JsonNode job = manifest("injectors-job.yaml");
    JsonNode spec = job.path("spec");
    int injectors = Integer.parseInt(targetConfig().path("MESHHOOK_LOAD_INJECTORS").asText());
    assertThat(injectors).isGreaterThan(1);

    assertThat(job.path("kind").asText()).isEqualTo("Job");
    assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
    assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
    assertThat(spec.path("completions").asInt()).isEqualTo(injectors);
    assertThat(spec.path("parallelism").asInt()).isEqualTo(injectors);
    assertThat(spec.path("backoffLimitPerIndex").isInt()).isTrue();
    assertThat(spec.path("backoffLimitPerIndex").asInt()).isZero();
    assertThat(spec.path("podReplacementPolicy").asText()).isEqualTo("Failed");
    // Reaching it would stop the injectors still sending: left unset (see the manifest).
    assertThat(spec.has("maxFailedIndexes")).isFalse();
    assertThat(spec.path("activeDeadlineSeconds").asInt()).isPositive();
    assertThat(podSpec(job).path("restartPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void theVerifierRunsOnceOverTheMergedFolder() {
    JsonNode job = manifest("verifier-job.yaml");
    assertThat(job.path("kind").asText()).isEqualTo("Job");
    assertThat(job.at("/spec/backoffLimit").isInt()).isTrue();
    assertThat(job.at("/spec/backoffLimit").asInt()).isZero();
    assertThat(job.at("/spec/completionMode").isMissingNode()).isTrue();
    assertThat(job.at("/spec/activeDeadlineSeconds").asInt()).isPositive();
    assertThat(podSpec(job).path("restartPolicy").asText()).isEqualTo("Never");

    String command = commandLine(container(job));
    assertThat(command).startsWith("mvn -o ").contains(" -Pverify-merged");
    assertThat(strings(container(job).path("args")))
        .contains("-Dmerged.dir=$(MESHHOOK_LOAD_REPORTS)/$(MESHHOOK_LOAD_RUN_TAG)");
  }

  @Test
  void theInjectorsRunGatlingOfflineIntoAFolderPerRunTagAndIndex() {
    JsonNode container = container(manifest("injectors-job.yaml"));
    String command = commandLine(container);
    assertThat(command)
        .startsWith("mvn -o ")
        .contains(
            " gatling:test", " -P$(MESHHOOK_LOAD_PROFILE)", " -Dtarget.allowNonLoopback=true");
    assertThat(strings(container.path("args")))
        .filteredOn(a -> a.startsWith("-Dgatling.resultsFolder="))
        .containsExactly(
            "-Dgatling.resultsFolder=$(MESHHOOK_LOAD_REPORTS)/$(MESHHOOK_LOAD_RUN_TAG)/"
                + "injector-$(JOB_COMPLETION_INDEX)");
  }

  @Test
  void thePomHasWhatTheCommandsName() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    String profile = targetConfig().path("MESHHOOK_LOAD_PROFILE").asText();
    assertThat(pom)
        .contains("<id>" + profile + "</id>", "<id>verify-merged</id>")
        .contains("<resultsFolder>${gatling.resultsFolder}</resultsFolder>");
  }

  @Test
  void bothJobsWriteToTheSharedVolumeWhereTheReportsVariableSays() {
    JsonNode claim = manifest("pvc.yaml");
    assertThat(claim.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
    assertThat(strings(claim.at("/spec/accessModes"))).containsExactly("ReadWriteMany");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isNotEmpty();

    String reports = targetConfig().path("MESHHOOK_LOAD_REPORTS").asText();
    assertThat(reports).startsWith("/");
    for (JsonNode job : jobs()) {
      JsonNode volumes = podSpec(job).path("volumes");
      assertThat(volumes.size()).as(name(job)).isEqualTo(1);
      JsonNode volume = volumes.get(0);
      assertThat(volume.at("/persistentVolumeClaim/claimName").asText())
          .as(name(job))
          .isEqualTo(name(claim));
      JsonNode mounts = container(job).path("volumeMounts");
      assertThat(mounts.size()).as(name(job)).isEqualTo(1);
      assertThat(mounts.get(0).path("name").asText()).isEqualTo(volume.path("name").asText());
      assertThat(mounts.get(0).path("mountPath").asText()).as(name(job)).isEqualTo(reports);
      assertThat(mounts.get(0).path("readOnly").asBoolean()).as(name(job)).isFalse();
    }
  }

  @Test
  void everyVariableTheSuiteReadsIsInThePodsAndEveryReferenceResolves() throws IOException {
    JsonNode injectors = manifest("injectors-job.yaml");
    assertThat(environment(injectors)).containsAll(SUITE_VARIABLES);
    assertThat(environment(manifest("verifier-job.yaml")))
        .contains(
            "TARGET_URL",
            "TARGET_JDBC_URL",
            "TARGET_DB_USER",
            "TARGET_DB_PASSWORD",
            "WEBHOOK_SECRET",
            "MESHHOOK_LOAD_INJECTORS",
            "MESHHOOK_LOAD_RUN_TAG",
            "MESHHOOK_LOAD_REPORTS");
    // An undefined $(NAME) is passed on literally by Kubernetes, not refused.
    for (JsonNode job : jobs()) {
      Matcher m = REFERENCE.matcher(commandLine(container(job)));
      while (m.find()) {
        assertThat(environment(job)).as(name(job) + " defines " + m.group()).contains(m.group(1));
      }
    }
    JsonNode run = manifest("run-configmap.example.yaml").path("data");
    assertThat(run.path("MESHHOOK_LOAD_RUN_TAG").asText()).matches("[A-Za-z0-9]+");
    assertThat(run.path("MESHHOOK_LOAD_START_AT").asText()).matches("[0-9]+");
  }

  @Test
  void secretsComeOnlyFromTheSecretByReference() throws IOException {
    JsonNode secret = manifest("secret.example.yaml");
    assertThat(secret.path("kind").asText()).isEqualTo("Secret");
    assertThat(name(secret)).isEqualTo(SECRET);
    JsonNode placeholders = secret.path("stringData");
    assertThat(placeholders.size()).isEqualTo(SECRET_KEYS.size());
    for (String key : SECRET_KEYS.values()) {
      assertThat(placeholders.path(key).asText()).as(key).startsWith("PLACEHOLDER-");
    }

    for (JsonNode job : jobs()) {
      for (JsonNode env : container(job).path("env")) {
        String variable = env.path("name").asText();
        if (SECRET_KEYS.containsKey(variable)) {
          assertThat(env.has("value")).as(name(job) + " " + variable).isFalse();
          JsonNode ref = env.at("/valueFrom/secretKeyRef");
          assertThat(ref.path("name").asText()).as(name(job) + " " + variable).isEqualTo(SECRET);
          assertThat(ref.path("key").asText()).isEqualTo(SECRET_KEYS.get(variable));
          assertThat(ref.path("optional").asBoolean())
              .as(name(job) + " " + variable + " optional")
              .isEqualTo(variable.equals("API_TOKENS"));
        } else {
          assertThat(variable).as(name(job) + ": a literal secret").doesNotMatch(SECRET_LIKE);
        }
      }
    }
    for (Map.Entry<String, JsonNode> configMap : configMaps().entrySet()) {
      List<String> keys = new ArrayList<>();
      configMap.getValue().fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .as(configMap.getKey() + " holds no secret")
          .noneMatch(key -> SECRET_LIKE.matcher(key).matches());
    }
  }

  @Test
  void theImageRunsMavenOfflineAsANonRootUser() throws IOException {
    List<String> lines = Files.readAllLines(DIR.resolve("Dockerfile"));
    int lastFrom = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    assertThat(lastFrom).as("a FROM").isNotNegative();
    assertThat(lines.get(lastFrom)).contains("maven:").contains("temurin-17");
    List<String> finalStage = lines.subList(lastFrom, lines.size());
    List<String> users =
        finalStage.stream().filter(l -> l.startsWith("USER ")).map(l -> l.substring(5)).toList();
    assertThat(users).as("the final stage sets a USER").isNotEmpty();
    String user = users.get(users.size() - 1).trim();
    String uid = user.split(":")[0];
    assertThat(uid).isNotIn("root", "0").matches("[0-9]+");
    assertThat(finalStage)
        .filteredOn(l -> l.startsWith("CMD ") || l.startsWith("ENTRYPOINT "))
        .isNotEmpty()
        .anySatisfy(l -> assertThat(l).contains("mvn -o "));

    for (JsonNode job : jobs()) {
      JsonNode security = podSpec(job).path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(name(job)).isTrue();
      assertThat(security.path("runAsUser").asText()).as(name(job)).isEqualTo(uid);
    }
  }

  @Test
  void everyPodRunsTheSameImageTheDockerfileBuilds() throws IOException {
    Set<String> images = new TreeSet<>();
    for (JsonNode job : jobs()) {
      JsonNode pod = podSpec(job);
      Stream.concat(stream(pod.path("initContainers")), stream(pod.path("containers")))
          .forEach(c -> images.add(c.path("image").asText()));
      assertThat(container(job).path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    }
    assertThat(images).hasSize(1);
    String image = images.iterator().next();
    assertThat(Files.readString(DIR.resolve("Dockerfile"))).contains(" -t " + image + " ");
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  @Test
  void theKustomizationListsEveryStandingObjectAndNoRunOrTemplate() throws IOException {
    JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    List<String> listed = strings(kustomization.path("resources"));
    List<String> expected =
        manifestFiles().stream().filter(f -> !NOT_IN_KUSTOMIZATION.contains(f)).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(manifestFiles()).containsAll(NOT_IN_KUSTOMIZATION);
  }

  @Test
  void applicationConfReadsEveryVariableThePodsSet() throws IOException {
    String conf = Files.readString(Path.of("src/test/resources/application.conf"));
    for (String variable : SUITE_VARIABLES) {
      assertThat(conf).as("application.conf reads " + variable).contains("${?" + variable + "}");
    }
  }

  /**
   * The engine example a scaling user starts from: several replicas behind one Service, which
   * reaches exactly the Deployment's pods, on the port the container serves, once each is ready.
   */
  @Test
  void theEngineExampleIsSeveralReplicasBehindOneServiceThatSelectsThem() {
    List<JsonNode> deployment = documents(DIR.resolve("engine/deployment.example.yaml"));
    List<JsonNode> service = documents(DIR.resolve("engine/service.example.yaml"));
    assertThat(deployment).hasSize(1);
    assertThat(service).hasSize(1);
    JsonNode d = deployment.get(0), svc = service.get(0);
    assertThat(d.path("kind").asText()).isEqualTo("Deployment");
    assertThat(d.at("/spec/replicas").asInt()).isGreaterThan(1);
    JsonNode labels = d.at("/spec/template/metadata/labels");
    assertThat(d.at("/spec/selector/matchLabels")).isEqualTo(labels);
    assertThat(svc.path("kind").asText()).isEqualTo("Service");
    assertThat(svc.at("/spec/selector")).isEqualTo(labels);
    assertThat(svc.at("/metadata/namespace")).isEqualTo(d.at("/metadata/namespace"));
    JsonNode container = d.at("/spec/template/spec/containers/0");
    String port = svc.at("/spec/ports/0/targetPort").asText();
    assertThat(stream(container.path("ports")).map(p -> p.path("name").asText())).contains(port);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
    for (JsonNode env : stream(container.path("env")).toList()) {
      if (SECRET_LIKE.matcher(env.path("name").asText()).matches()) {
        assertThat(env.has("value")).as(env.path("name").asText() + " by reference").isFalse();
        assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty();
      }
    }
  }
}
