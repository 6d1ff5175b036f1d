package dev.aifactory.common.testing;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.web.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Checks a paged list the way every service's lists behave ({@link PageRequest}). */
public final class PagingProbe {

  private PagingProbe() {}

  /**
   * {@code list} answers 400 problem+json naming {@code page} or {@code size} for a page or size
   * out of range, and 200 for the largest size.
   */
  public static void refusesOutOfRangePaging(MockMvc mvc, String list, String authorization)
      throws Exception {
    String[][] bad = {
      {"page", "-1"},
      {"size", "0"},
      {"size", Integer.toString(PageRequest.MAX_SIZE + 1)},
      {"size", "-5"}
    };
    for (String[] parameter : bad) {
      mvc.perform(
              get(list).param(parameter[0], parameter[1]).header("Authorization", authorization))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.errors[0].field").value(parameter[0]));
    }
    mvc.perform(
            get(list)
                .param("size", Integer.toString(PageRequest.MAX_SIZE))
                .header("Authorization", authorization))
        .andExpect(status().isOk());
  }
}
