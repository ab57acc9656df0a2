package io.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nftables ruleset of docs/deploy.md §4, loaded for real, with the article's {@code squall chat
 * --port 8000} behind it: each run gets a network namespace of its own ({@code unshare --net}),
 * so the rules never touch the machine's, and the chat's port 8000 is free there. Clients join the
 * namespace with {@code nsenter}. All traffic stays on the namespace's loopback.
 */
class FirewallIT {
  static final Path DEPLOY_DOC = Path.of("..", "docs", "deploy.md").toAbsolutePath().normalize();
  static final String LOOPBACK_RULE = "iif lo accept";

  /** The ruleset exactly as the doc shows it (its one {@code nft} block). */
  static String documentedRuleset() throws IOException {
    String doc = Files.readString(DEPLOY_DOC);
    int start = doc.indexOf("```nft\n");
    assertThat(start).as("an nft block in " + DEPLOY_DOC).isNotNegative();
    int end = doc.indexOf("```", start + 7);
    return doc.substring(start + 7, end);
  }

  @Test
  void documentedRulesetPassesNftsCheck(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("nftables.conf"), documentedRuleset());
    Result check = exec(List.of("nft", "-c", "-f", rules.toString()), "");
    assertThat(check.exit()).as(check.err()).isZero();
  }

  @Test
  void chatOnPort8000AnswersPagesAndSocketsBehindTheDocumentedRuleset(@TempDir Path dir) throws Exception {
    String ruleset = documentedRuleset();
    assertThat(ruleset).contains("policy drop;").contains(LOOPBACK_RULE);
    try (Namespace ns = Namespace.start(dir, ruleset)) {
      assertThat(ns.awaitHealth()).as(ns.log()).isTrue(); // the chat starts once the rules are in
      assertThat(ns.run(List.of("nft", "list", "ruleset"), "").out()).contains("policy drop;").contains("iif \"lo\" accept");

      Result page = ns.run(List.of("curl", "-sS", "-m", "5", "http://127.0.0.1:8000/"), "");
      assertThat(page.exit()).as(page.err()).isZero();
      assertThat(page.out()).contains("<title>");
      List<String> connect = new ArrayList<>(CliIT.squall("connect", "ws://127.0.0.1:8000/message", "--once"));
      Result said = ns.run(connect, "through the firewall\n");
      assertThat(said.exit()).as(said.err()).isZero();
      assertThat(said.out().strip()).matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] 127\\.0\\.0\\.1 : through the firewall");
    }
  }

  /** The control: the same rules without the loopback line drop nginx's (here curl's) way to the chat. */
  @Test
  void withoutItsLoopbackRuleTheRulesetDropsTheWayToTheChat(@TempDir Path dir) throws Exception {
    String ruleset = documentedRuleset().lines().filter(l -> !l.strip().startsWith(LOOPBACK_RULE))
        .reduce("", (a, l) -> a + l + "\n");
    try (Namespace ns = Namespace.start(dir, ruleset)) {
      ns.awaitLogLine("Chat listening on");
      Result blocked = ns.run(List.of("curl", "-sS", "-m", "2", "http://127.0.0.1:8000/healthz"), "");
      assertThat(blocked.exit()).as("curl's exit: 28 is its timeout").isEqualTo(28);
    }
  }

  record Result(int exit, String out, String err) {}

  static Result exec(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** {@code squall chat --port 8000} in a network namespace of its own, behind {@code ruleset}. */
  record Namespace(Process chat, Path logFile) implements AutoCloseable {
    static Namespace start(Path dir, String ruleset) throws IOException {
      Path rules = Files.writeString(dir.resolve("nftables.conf"), ruleset);
      Path log = dir.resolve("chat.log");
      List<String> command = new ArrayList<>(List.of("unshare", "--net", "sh", "-c",
          "ip link set lo up && nft -f \"$0\" && exec \"$@\"", rules.toString()));
      command.addAll(CliIT.squall("chat", "--port", "8000", "--cookie-secret", "firewall-test"));
      Process chat = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Namespace ns = new Namespace(chat, log);
      ns.awaitOwnNetwork();
      return ns;
    }

    /** Waits until the process has left this JVM's network namespace: nsenter before that would enter ours. */
    private void awaitOwnNetwork() throws IOException {
      Path ours = Path.of("/proc/self/ns/net");
      Path theirs = Path.of("/proc/" + chat.pid() + "/ns/net");
      for (int i = 0; i < 250 && chat.isAlive(); i++) {
        if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(ours))) {
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new AssertionError("unshare --net did not give the chat a network of its own: " + log());
    }

    /** Runs {@code command} in this namespace's network. */
    Result run(List<String> command, String stdin) throws Exception {
      List<String> inside = new ArrayList<>(List.of("nsenter", "--net=/proc/" + chat.pid() + "/ns/net", "--"));
      inside.addAll(command);
      return exec(inside, stdin);
    }

    boolean awaitHealth() throws Exception {
      for (int i = 0; i < 150 && chat.isAlive(); i++) {
        if (run(List.of("curl", "-s", "-m", "2", "http://127.0.0.1:8000/healthz"), "").out().contains("\"status\":\"ok\"")) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }

    void awaitLogLine(String text) throws Exception {
      for (int i = 0; i < 300 && chat.isAlive(); i++) {
        if (log().contains(text)) {
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no '" + text + "' from the chat: " + log());
    }

    String log() throws IOException {
      return Files.readString(logFile);
    }

    @Override
    public void close() throws InterruptedException {
      chat.destroy();
      if (!chat.waitFor(10, TimeUnit.SECONDS)) {
        chat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
