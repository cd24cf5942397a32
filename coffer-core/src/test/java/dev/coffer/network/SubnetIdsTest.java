package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetIdsTest {

    private static final String ID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"
            + "net/subnets/apps";

    @Test
    void parsesCaseInsensitively() {
        SubnetIds.Parts p = SubnetIds.parse(ID.toUpperCase());
        assertThat(p).isEqualTo(new SubnetIds.Parts("S1", "RG", "NET", "APPS"));
        assertThat(SubnetIds.parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/net"))
                .isNull();
        assertThat(SubnetIds.parse(ID + "/extra")).isNull();
        assertThat(SubnetIds.of("s1", "rg", "net", "apps")).isEqualTo(ID);
    }

    @Test
    void canonicalDeduplicatesAndValidates() {
        assertThat(SubnetIds.canonical(List.of(ID, ID.toUpperCase(), " " + ID))).containsExactly(ID);
        assertThat(SubnetIds.flagged(List.of(ID), List.of(ID.toLowerCase()))).containsExactly(ID);
        assertThatThrownBy(() -> SubnetIds.canonical(List.of("/subscriptions/x"))).isInstanceOf(BadRequest.class);
    }
}
